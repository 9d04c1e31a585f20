// Original file: proto/dago/v1/orchestrator.proto


export interface CancelGraphRequest {
  'graphId'?: (string);
}

export interface CancelGraphRequest__Output {
  'graphId'?: (string);
}
