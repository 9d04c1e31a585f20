// Original file: proto/dago/v1/orchestrator.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value.js';

export interface ApproveNodeRequest {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * What the person sends with the approval (any JSON value); checked against the node's schema when it has one.
   * Unset: no data.
   */
  'data'?: (_google_protobuf_Value | null);
  /**
   * At most 4000 characters.
   */
  'comment'?: (string);
  /**
   * Repeating a decision with the same key answers the first answer; another decision with a used key is
   * ALREADY_EXISTS. 1-255 printable ASCII characters; empty means none.
   */
  'idempotencyKey'?: (string);
  '_comment'?: "comment";
}

export interface ApproveNodeRequest__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * What the person sends with the approval (any JSON value); checked against the node's schema when it has one.
   * Unset: no data.
   */
  'data'?: (_google_protobuf_Value__Output);
  /**
   * At most 4000 characters.
   */
  'comment'?: (string);
  /**
   * Repeating a decision with the same key answers the first answer; another decision with a used key is
   * ALREADY_EXISTS. 1-255 printable ASCII characters; empty means none.
   */
  'idempotencyKey'?: (string);
  '_comment'?: "comment";
}
