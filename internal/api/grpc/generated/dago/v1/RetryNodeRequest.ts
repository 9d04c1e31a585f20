// Original file: proto/dago/v1/orchestrator.proto


export interface RetryNodeRequest {
  'graphId'?: (string);
  'nodeId'?: (string);
}

export interface RetryNodeRequest__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
}
