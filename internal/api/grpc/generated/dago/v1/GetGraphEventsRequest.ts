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
  /**
   * Only events of these types (GraphPaused, NodeFailed, ...); every type when empty. An unknown type is
   * INVALID_ARGUMENT. A filtered page may hold fewer than `limit` events, even none, and still have a next_after:
   * it moves past the events the page looked at.
   */
  'types'?: (string)[];
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
  /**
   * Only events of these types (GraphPaused, NodeFailed, ...); every type when empty. An unknown type is
   * INVALID_ARGUMENT. A filtered page may hold fewer than `limit` events, even none, and still have a next_after:
   * it moves past the events the page looked at.
   */
  'types': (string)[];
}
