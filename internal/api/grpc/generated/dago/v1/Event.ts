// Original file: proto/dago/v1/event.proto

import type { EventType as _dago_v1_EventType, EventType__Output as _dago_v1_EventType__Output } from '../../dago/v1/EventType.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';

/**
 * One change of a graph's state, as recorded in its event stream.
 */
export interface Event {
  /**
   * The stream entry id, e.g. "1732200000000-0": orders every event of the graph.
   */
  'id'?: (string);
  'graphId'?: (string);
  'tenantId'?: (string);
  'type'?: (_dago_v1_EventType);
  'nodeId'?: (string);
  'attempt'?: (number);
  /**
   * Redis server time.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The event's own fields (docs/ARCHITECTURE.md lists them per type).
   */
  'data'?: (_google_protobuf_Struct | null);
  '_attempt'?: "attempt";
}

/**
 * One change of a graph's state, as recorded in its event stream.
 */
export interface Event__Output {
  /**
   * The stream entry id, e.g. "1732200000000-0": orders every event of the graph.
   */
  'id'?: (string);
  'graphId'?: (string);
  'tenantId'?: (string);
  'type'?: (_dago_v1_EventType__Output);
  'nodeId'?: (string);
  'attempt'?: (number);
  /**
   * Redis server time.
   */
  'at'?: (_google_protobuf_Timestamp__Output);
  /**
   * The event's own fields (docs/ARCHITECTURE.md lists them per type).
   */
  'data'?: (_google_protobuf_Struct__Output);
  '_attempt'?: "attempt";
}
