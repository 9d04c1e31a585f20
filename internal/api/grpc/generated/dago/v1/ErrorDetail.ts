// Original file: proto/dago/v1/error.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';

/**
 * One problem behind an error.
 */
export interface ErrorDetail {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
  /**
   * The field concerned, JSON-pointer-like, e.g. "/nodes/2/dependsOn". Sent even when empty: "" is the request
   * as a whole (a patch that changes nothing), unlike a detail without a path.
   */
  'path'?: (string);
  /**
   * Any further fields of the problem, e.g. `cycle` (node ids) or `status` (the current state).
   */
  'extra'?: (_google_protobuf_Struct | null);
}

/**
 * One problem behind an error.
 */
export interface ErrorDetail__Output {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
  /**
   * The field concerned, JSON-pointer-like, e.g. "/nodes/2/dependsOn". Sent even when empty: "" is the request
   * as a whole (a patch that changes nothing), unlike a detail without a path.
   */
  'path'?: (string);
  /**
   * Any further fields of the problem, e.g. `cycle` (node ids) or `status` (the current state).
   */
  'extra'?: (_google_protobuf_Struct__Output);
}
