// Original file: proto/dago/v1/graph.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value.js';

/**
 * A decision on a node that waited for one.
 */
export interface Decision {
  'approved'?: (boolean);
  /**
   * An API key's name@tenant, "local" without keys, or "timeout".
   */
  'by'?: (string);
  'at'?: (_google_protobuf_Timestamp | null);
  'comment'?: (string);
  /**
   * What the person sent (any JSON value; null when nothing).
   */
  'data'?: (_google_protobuf_Value | null);
  /**
   * Set when the node's onTimeout made the decision.
   */
  'timedOut'?: (boolean);
  '_comment'?: "comment";
}

/**
 * A decision on a node that waited for one.
 */
export interface Decision__Output {
  'approved'?: (boolean);
  /**
   * An API key's name@tenant, "local" without keys, or "timeout".
   */
  'by'?: (string);
  'at'?: (_google_protobuf_Timestamp__Output);
  'comment'?: (string);
  /**
   * What the person sent (any JSON value; null when nothing).
   */
  'data'?: (_google_protobuf_Value__Output);
  /**
   * Set when the node's onTimeout made the decision.
   */
  'timedOut'?: (boolean);
  '_comment'?: "comment";
}
