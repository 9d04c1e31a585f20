// Original file: proto/dago/v1/orchestrator.proto


export interface RejectNodeRequest {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * At most 4000 characters.
   */
  'comment'?: (string);
  /**
   * As in ApproveNodeRequest.
   */
  'idempotencyKey'?: (string);
  '_comment'?: "comment";
}

export interface RejectNodeRequest__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * At most 4000 characters.
   */
  'comment'?: (string);
  /**
   * As in ApproveNodeRequest.
   */
  'idempotencyKey'?: (string);
  '_comment'?: "comment";
}
