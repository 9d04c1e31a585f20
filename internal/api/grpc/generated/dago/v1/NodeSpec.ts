// Original file: proto/dago/v1/graph.proto

import type { RetryPolicy as _dago_v1_RetryPolicy, RetryPolicy__Output as _dago_v1_RetryPolicy__Output } from '../../dago/v1/RetryPolicy.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One node as submitted: the fields every node type shares, and the fields of its own type in `params`.
 */
export interface NodeSpec {
  /**
   * 1-64 of [A-Za-z0-9_-], unique in the graph.
   */
  'id'?: (string);
  /**
   * "llm", "noop", or a custom type a worker registered.
   */
  'type'?: (string);
  'dependsOn'?: (string)[];
  'timeoutMs'?: (number | string | Long);
  'retry'?: (_dago_v1_RetryPolicy | null);
  /**
   * -1000..1000; higher starts first among ready nodes.
   */
  'priority'?: (number);
  /**
   * Capabilities a worker must offer to run the node.
   */
  'requires'?: (string)[];
  /**
   * Condition; false skips the node and its dependents still run.
   */
  'when'?: (string);
  'continueOnFailure'?: (boolean);
  /**
   * The fields of the node's type under their JSON names: for "llm" prompt, system, model, maxTokens and
   * temperature; for a custom type whatever its executor reads. A field set above may not appear here too.
   */
  'params'?: (_google_protobuf_Struct | null);
  /**
   * Run only on this worker: its id or its DAGO_WORKER_NAME.
   */
  'worker'?: (string);
  '_timeoutMs'?: "timeoutMs";
  '_priority'?: "priority";
  '_when'?: "when";
  '_continueOnFailure'?: "continueOnFailure";
  '_worker'?: "worker";
}

/**
 * One node as submitted: the fields every node type shares, and the fields of its own type in `params`.
 */
export interface NodeSpec__Output {
  /**
   * 1-64 of [A-Za-z0-9_-], unique in the graph.
   */
  'id'?: (string);
  /**
   * "llm", "noop", or a custom type a worker registered.
   */
  'type'?: (string);
  'dependsOn': (string)[];
  'timeoutMs'?: (string);
  'retry'?: (_dago_v1_RetryPolicy__Output);
  /**
   * -1000..1000; higher starts first among ready nodes.
   */
  'priority'?: (number);
  /**
   * Capabilities a worker must offer to run the node.
   */
  'requires': (string)[];
  /**
   * Condition; false skips the node and its dependents still run.
   */
  'when'?: (string);
  'continueOnFailure'?: (boolean);
  /**
   * The fields of the node's type under their JSON names: for "llm" prompt, system, model, maxTokens and
   * temperature; for a custom type whatever its executor reads. A field set above may not appear here too.
   */
  'params'?: (_google_protobuf_Struct__Output);
  /**
   * Run only on this worker: its id or its DAGO_WORKER_NAME.
   */
  'worker'?: (string);
  '_timeoutMs'?: "timeoutMs";
  '_priority'?: "priority";
  '_when'?: "when";
  '_continueOnFailure'?: "continueOnFailure";
  '_worker'?: "worker";
}
