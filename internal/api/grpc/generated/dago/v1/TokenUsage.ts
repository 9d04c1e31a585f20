// Original file: proto/dago/v1/graph.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Tokens consumed, by kind.
 */
export interface TokenUsage {
  /**
   * Input tokens billed at the full rate (cache reads and writes not included).
   */
  'inputTokens'?: (number | string | Long);
  'outputTokens'?: (number | string | Long);
  'cacheReadTokens'?: (number | string | Long);
  'cacheWriteTokens'?: (number | string | Long);
}

/**
 * Tokens consumed, by kind.
 */
export interface TokenUsage__Output {
  /**
   * Input tokens billed at the full rate (cache reads and writes not included).
   */
  'inputTokens'?: (string);
  'outputTokens'?: (string);
  'cacheReadTokens'?: (string);
  'cacheWriteTokens'?: (string);
}
