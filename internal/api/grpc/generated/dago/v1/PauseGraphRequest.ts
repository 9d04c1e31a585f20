// Original file: proto/dago/v1/orchestrator.proto


export interface PauseGraphRequest {
  'graphId'?: (string);
}

export interface PauseGraphRequest__Output {
  'graphId'?: (string);
}
