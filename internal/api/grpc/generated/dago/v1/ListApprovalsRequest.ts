// Original file: proto/dago/v1/orchestrator.proto


export interface ListApprovalsRequest {
  /**
   * Only "waiting" (the open approvals); empty means waiting.
   */
  'status'?: (string);
  /**
   * Page size; 0 means the server's default (50).
   */
  'limit'?: (number);
  /**
   * The next_cursor of the previous page; empty for the first page.
   */
  'cursor'?: (string);
}

export interface ListApprovalsRequest__Output {
  /**
   * Only "waiting" (the open approvals); empty means waiting.
   */
  'status'?: (string);
  /**
   * Page size; 0 means the server's default (50).
   */
  'limit'?: (number);
  /**
   * The next_cursor of the previous page; empty for the first page.
   */
  'cursor'?: (string);
}
