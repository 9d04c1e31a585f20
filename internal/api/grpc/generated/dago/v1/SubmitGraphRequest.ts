// Original file: proto/dago/v1/orchestrator.proto

import type { GraphSpec as _dago_v1_GraphSpec, GraphSpec__Output as _dago_v1_GraphSpec__Output } from '../../dago/v1/GraphSpec.js';

export interface SubmitGraphRequest {
  'graph'?: (_dago_v1_GraphSpec | null);
  /**
   * Submitting the same graph again with the same key returns the first graph (created = false); another graph
   * with a used key is ALREADY_EXISTS. 1-255 printable ASCII characters; empty means none.
   */
  'idempotencyKey'?: (string);
}

export interface SubmitGraphRequest__Output {
  'graph'?: (_dago_v1_GraphSpec__Output);
  /**
   * Submitting the same graph again with the same key returns the first graph (created = false); another graph
   * with a used key is ALREADY_EXISTS. 1-255 printable ASCII characters; empty means none.
   */
  'idempotencyKey'?: (string);
}
