// Original file: proto/dago/v1/orchestrator.proto

import type { GraphMetrics as _dago_v1_GraphMetrics, GraphMetrics__Output as _dago_v1_GraphMetrics__Output } from '../../dago/v1/GraphMetrics.js';

export interface GetGraphMetricsResponse {
  'metrics'?: (_dago_v1_GraphMetrics | null);
}

export interface GetGraphMetricsResponse__Output {
  'metrics'?: (_dago_v1_GraphMetrics__Output);
}
