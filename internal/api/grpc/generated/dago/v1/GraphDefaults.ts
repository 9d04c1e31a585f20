// Original file: proto/dago/v1/graph.proto

import type { RetryPolicy as _dago_v1_RetryPolicy, RetryPolicy__Output as _dago_v1_RetryPolicy__Output } from '../../dago/v1/RetryPolicy.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Values applied to every node that sets none of its own.
 */
export interface GraphDefaults {
  'timeoutMs'?: (number | string | Long);
  'retry'?: (_dago_v1_RetryPolicy | null);
  '_timeoutMs'?: "timeoutMs";
}

/**
 * Values applied to every node that sets none of its own.
 */
export interface GraphDefaults__Output {
  'timeoutMs'?: (string);
  'retry'?: (_dago_v1_RetryPolicy__Output);
  '_timeoutMs'?: "timeoutMs";
}
