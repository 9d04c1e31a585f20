// Original file: proto/dago/v1/orchestrator.proto

import type { Graph as _dago_v1_Graph, Graph__Output as _dago_v1_Graph__Output } from '../../dago/v1/Graph.js';

export interface AssignNodeResponse {
  'graph'?: (_dago_v1_Graph | null);
}

export interface AssignNodeResponse__Output {
  'graph'?: (_dago_v1_Graph__Output);
}
