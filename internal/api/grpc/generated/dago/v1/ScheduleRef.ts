// Original file: proto/dago/v1/graph.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * The schedule that started a graph and the due time it fired for.
 */
export interface ScheduleRef {
  'id'?: (string);
  'dueAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * The schedule that started a graph and the due time it fired for.
 */
export interface ScheduleRef__Output {
  'id'?: (string);
  'dueAt'?: (_google_protobuf_Timestamp__Output);
}
