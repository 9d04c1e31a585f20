// Original file: proto/dago/v1/orchestrator.proto

import type { GraphSpec as _dago_v1_GraphSpec, GraphSpec__Output as _dago_v1_GraphSpec__Output } from '../../dago/v1/GraphSpec.js';

export interface ValidateGraphRequest {
  'graph'?: (_dago_v1_GraphSpec | null);
}

export interface ValidateGraphRequest__Output {
  'graph'?: (_dago_v1_GraphSpec__Output);
}
