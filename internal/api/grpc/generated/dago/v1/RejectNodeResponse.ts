// Original file: proto/dago/v1/orchestrator.proto

import type { Decision as _dago_v1_Decision, Decision__Output as _dago_v1_Decision__Output } from '../../dago/v1/Decision.js';

export interface RejectNodeResponse {
  'graphId'?: (string);
  'nodeId'?: (string);
  'decision'?: (_dago_v1_Decision | null);
}

export interface RejectNodeResponse__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
  'decision'?: (_dago_v1_Decision__Output);
}
