// Original file: proto/dago/v1/orchestrator.proto


export interface WatchGraphRequest {
  'graphId'?: (string);
  /**
   * Resume after this event id (the last one a previous watch delivered); from the first event when empty.
   */
  'after'?: (string);
}

export interface WatchGraphRequest__Output {
  'graphId'?: (string);
  /**
   * Resume after this event id (the last one a previous watch delivered); from the first event when empty.
   */
  'after'?: (string);
}
