// Original file: proto/dago/v1/orchestrator.proto

import type { Worker as _dago_v1_Worker, Worker__Output as _dago_v1_Worker__Output } from '../../dago/v1/Worker.js';

export interface ListWorkersResponse {
  'workers'?: (_dago_v1_Worker)[];
}

export interface ListWorkersResponse__Output {
  'workers': (_dago_v1_Worker__Output)[];
}
