// Original file: proto/dago/v1/orchestrator.proto


export interface ResumeGraphRequest {
  'graphId'?: (string);
}

export interface ResumeGraphRequest__Output {
  'graphId'?: (string);
}
