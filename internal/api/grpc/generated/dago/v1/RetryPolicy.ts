// Original file: proto/dago/v1/graph.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Exponential back-off with jitter; every unset field takes the server's default.
 */
export interface RetryPolicy {
  /**
   * Executions allowed for one node before it fails for good (1 = no retry).
   */
  'maxAttempts'?: (number);
  'backoffMs'?: (number | string | Long);
  'maxBackoffMs'?: (number | string | Long);
  '_maxAttempts'?: "maxAttempts";
  '_backoffMs'?: "backoffMs";
  '_maxBackoffMs'?: "maxBackoffMs";
}

/**
 * Exponential back-off with jitter; every unset field takes the server's default.
 */
export interface RetryPolicy__Output {
  /**
   * Executions allowed for one node before it fails for good (1 = no retry).
   */
  'maxAttempts'?: (number);
  'backoffMs'?: (string);
  'maxBackoffMs'?: (string);
  '_maxAttempts'?: "maxAttempts";
  '_backoffMs'?: "backoffMs";
  '_maxBackoffMs'?: "maxBackoffMs";
}
