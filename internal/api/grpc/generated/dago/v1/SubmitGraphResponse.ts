// Original file: proto/dago/v1/orchestrator.proto

import type { Graph as _dago_v1_Graph, Graph__Output as _dago_v1_Graph__Output } from '../../dago/v1/Graph.js';
import type { SubmitWarning as _dago_v1_SubmitWarning, SubmitWarning__Output as _dago_v1_SubmitWarning__Output } from '../../dago/v1/SubmitWarning.js';

export interface SubmitGraphResponse {
  'graph'?: (_dago_v1_Graph | null);
  /**
   * False when the idempotency key matched an earlier submission of the same graph.
   */
  'created'?: (boolean);
  /**
   * Nodes no live worker can take now (empty when every node has one).
   */
  'warnings'?: (_dago_v1_SubmitWarning)[];
}

export interface SubmitGraphResponse__Output {
  'graph'?: (_dago_v1_Graph__Output);
  /**
   * False when the idempotency key matched an earlier submission of the same graph.
   */
  'created'?: (boolean);
  /**
   * Nodes no live worker can take now (empty when every node has one).
   */
  'warnings': (_dago_v1_SubmitWarning__Output)[];
}
