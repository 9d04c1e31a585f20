// Original file: proto/dago/v1/graph.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Where a budget stands: its limits, what settled calls spent, what calls in flight hold as their worst case.
 */
export interface BudgetAccount {
  'maxCostUsd'?: (number | string);
  'maxTokens'?: (number | string | Long);
  'spentCostUsd'?: (number | string);
  'spentTokens'?: (number | string | Long);
  'reservedCostUsd'?: (number | string);
  'reservedTokens'?: (number | string | Long);
  '_maxCostUsd'?: "maxCostUsd";
  '_maxTokens'?: "maxTokens";
}

/**
 * Where a budget stands: its limits, what settled calls spent, what calls in flight hold as their worst case.
 */
export interface BudgetAccount__Output {
  'maxCostUsd'?: (number);
  'maxTokens'?: (string);
  'spentCostUsd'?: (number);
  'spentTokens'?: (string);
  'reservedCostUsd'?: (number);
  'reservedTokens'?: (string);
  '_maxCostUsd'?: "maxCostUsd";
  '_maxTokens'?: "maxTokens";
}
