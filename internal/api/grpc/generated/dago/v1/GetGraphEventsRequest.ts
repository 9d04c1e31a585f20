// Original file: proto/dago/v1/orchestrator.proto


export interface GetGraphEventsRequest {
  'graphId'?: (string);
  /**
   * Only events after this event id (the next_after of the previous page); from the first when empty.
   */
  'after'?: (string);
  /**
   * Page size; 0 means the server's default (100).
   */
  'limit'?: (number);
}

export interface GetGraphEventsRequest__Output {
  'graphId'?: (string);
  /**
   * Only events after this event id (the next_after of the previous page); from the first when empty.
   */
  'after'?: (string);
  /**
   * Page size; 0 means the server's default (100).
   */
  'limit'?: (number);
}
