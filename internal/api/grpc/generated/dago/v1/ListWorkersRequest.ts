// Original file: proto/dago/v1/orchestrator.proto


export interface ListWorkersRequest {
}

export interface ListWorkersRequest__Output {
}
