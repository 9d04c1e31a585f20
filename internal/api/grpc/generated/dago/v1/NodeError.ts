// Original file: proto/dago/v1/graph.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';

/**
 * A node's failure: a stable code, a message, and whether another attempt may help.
 */
export interface NodeError {
  'code'?: (string);
  'message'?: (string);
  'retryable'?: (boolean);
  /**
   * Machine-readable facts for some codes (budget_exceeded: budget, measure, limit, spent, reserved, needed).
   */
  'details'?: (_google_protobuf_Struct | null);
}

/**
 * A node's failure: a stable code, a message, and whether another attempt may help.
 */
export interface NodeError__Output {
  'code'?: (string);
  'message'?: (string);
  'retryable'?: (boolean);
  /**
   * Machine-readable facts for some codes (budget_exceeded: budget, measure, limit, spent, reserved, needed).
   */
  'details'?: (_google_protobuf_Struct__Output);
}
