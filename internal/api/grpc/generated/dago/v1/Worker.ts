// Original file: proto/dago/v1/worker.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A worker process heartbeating now.
 */
export interface Worker {
  'id'?: (string);
  'host'?: (string);
  'pid'?: (number);
  'capabilities'?: (string)[];
  /**
   * Custom node types it registered executors for.
   */
  'nodeTypes'?: (string)[];
  'poolSize'?: (number);
  /**
   * Slots running a node now.
   */
  'busy'?: (number);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'lastHeartbeat'?: (_google_protobuf_Timestamp | null);
  /**
   * Its DAGO_WORKER_NAME; empty when unset.
   */
  'name'?: (string);
  /**
   * Nodes it has run (attempts started) since it started.
   */
  'nodesRun'?: (number | string | Long);
}

/**
 * A worker process heartbeating now.
 */
export interface Worker__Output {
  'id'?: (string);
  'host'?: (string);
  'pid'?: (number);
  'capabilities': (string)[];
  /**
   * Custom node types it registered executors for.
   */
  'nodeTypes': (string)[];
  'poolSize'?: (number);
  /**
   * Slots running a node now.
   */
  'busy'?: (number);
  'startedAt'?: (_google_protobuf_Timestamp__Output);
  'lastHeartbeat'?: (_google_protobuf_Timestamp__Output);
  /**
   * Its DAGO_WORKER_NAME; empty when unset.
   */
  'name'?: (string);
  /**
   * Nodes it has run (attempts started) since it started.
   */
  'nodesRun'?: (string);
}
