// Original file: proto/dago/v1/orchestrator.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { GraphStatus as _dago_v1_GraphStatus, GraphStatus__Output as _dago_v1_GraphStatus__Output } from '../../dago/v1/GraphStatus.js';

/**
 * A node that waits for a person.
 */
export interface WaitingApproval {
  'graphId'?: (string);
  'graphName'?: (string);
  'nodeId'?: (string);
  /**
   * What the person is asked, rendered.
   */
  'prompt'?: (string);
  'waitingSince'?: (_google_protobuf_Timestamp | null);
  /**
   * When on_timeout applies; unset: it waits until someone decides.
   */
  'deadline'?: (_google_protobuf_Timestamp | null);
  /**
   * fail, approve or reject; unset without a deadline.
   */
  'onTimeout'?: (string);
  /**
   * fail or continue.
   */
  'onReject'?: (string);
  /**
   * The JSON Schema the data of an approval must match, when the node has one.
   */
  'schema'?: (_google_protobuf_Struct | null);
  /**
   * The graph's status (a decision on a paused graph applies when it resumes).
   */
  'graphStatus'?: (_dago_v1_GraphStatus);
  '_onTimeout'?: "onTimeout";
}

/**
 * A node that waits for a person.
 */
export interface WaitingApproval__Output {
  'graphId'?: (string);
  'graphName'?: (string);
  'nodeId'?: (string);
  /**
   * What the person is asked, rendered.
   */
  'prompt'?: (string);
  'waitingSince'?: (_google_protobuf_Timestamp__Output);
  /**
   * When on_timeout applies; unset: it waits until someone decides.
   */
  'deadline'?: (_google_protobuf_Timestamp__Output);
  /**
   * fail, approve or reject; unset without a deadline.
   */
  'onTimeout'?: (string);
  /**
   * fail or continue.
   */
  'onReject'?: (string);
  /**
   * The JSON Schema the data of an approval must match, when the node has one.
   */
  'schema'?: (_google_protobuf_Struct__Output);
  /**
   * The graph's status (a decision on a paused graph applies when it resumes).
   */
  'graphStatus'?: (_dago_v1_GraphStatus__Output);
  '_onTimeout'?: "onTimeout";
}
