// Original file: proto/dago/v1/graph.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Either limit or both.
 */
export interface GraphBudget {
  'maxCostUsd'?: (number | string);
  'maxTokens'?: (number | string | Long);
  '_maxCostUsd'?: "maxCostUsd";
  '_maxTokens'?: "maxTokens";
}

/**
 * Either limit or both.
 */
export interface GraphBudget__Output {
  'maxCostUsd'?: (number);
  'maxTokens'?: (string);
  '_maxCostUsd'?: "maxCostUsd";
  '_maxTokens'?: "maxTokens";
}
