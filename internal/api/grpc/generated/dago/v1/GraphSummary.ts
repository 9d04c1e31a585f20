// Original file: proto/dago/v1/graph.proto

import type { GraphStatus as _dago_v1_GraphStatus, GraphStatus__Output as _dago_v1_GraphStatus__Output } from '../../dago/v1/GraphStatus.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * A graph in a list.
 */
export interface GraphSummary {
  'id'?: (string);
  'tenantId'?: (string);
  'name'?: (string);
  'status'?: (_dago_v1_GraphStatus);
  'createdAt'?: (_google_protobuf_Timestamp | null);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'endedAt'?: (_google_protobuf_Timestamp | null);
  'nodeCount'?: (number);
}

/**
 * A graph in a list.
 */
export interface GraphSummary__Output {
  'id'?: (string);
  'tenantId'?: (string);
  'name'?: (string);
  'status'?: (_dago_v1_GraphStatus__Output);
  'createdAt'?: (_google_protobuf_Timestamp__Output);
  'startedAt'?: (_google_protobuf_Timestamp__Output);
  'endedAt'?: (_google_protobuf_Timestamp__Output);
  'nodeCount'?: (number);
}
