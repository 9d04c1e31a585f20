// Original file: proto/dago/v1/orchestrator.proto


export interface GetGraphMetricsRequest {
  'graphId'?: (string);
}

export interface GetGraphMetricsRequest__Output {
  'graphId'?: (string);
}
