// Original file: proto/dago/v1/orchestrator.proto


export interface GetGraphRequest {
  'graphId'?: (string);
}

export interface GetGraphRequest__Output {
  'graphId'?: (string);
}
