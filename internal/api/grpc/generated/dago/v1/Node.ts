// Original file: proto/dago/v1/graph.proto

import type { NodeStatus as _dago_v1_NodeStatus, NodeStatus__Output as _dago_v1_NodeStatus__Output } from '../../dago/v1/NodeStatus.js';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value.js';
import type { NodeError as _dago_v1_NodeError, NodeError__Output as _dago_v1_NodeError__Output } from '../../dago/v1/NodeError.js';
import type { SkipReason as _dago_v1_SkipReason, SkipReason__Output as _dago_v1_SkipReason__Output } from '../../dago/v1/SkipReason.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { TokenUsage as _dago_v1_TokenUsage, TokenUsage__Output as _dago_v1_TokenUsage__Output } from '../../dago/v1/TokenUsage.js';
import type { Decision as _dago_v1_Decision, Decision__Output as _dago_v1_Decision__Output } from '../../dago/v1/Decision.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The state of one node.
 */
export interface Node {
  'id'?: (string);
  'type'?: (string);
  'status'?: (_dago_v1_NodeStatus);
  /**
   * The attempt now current (0 before the node was first ready).
   */
  'attempt'?: (number);
  /**
   * Failed attempts counted against the retry policy.
   */
  'failures'?: (number);
  'dependsOn'?: (string)[];
  /**
   * The node's output once it succeeded (any JSON value).
   */
  'output'?: (_google_protobuf_Value | null);
  'error'?: (_dago_v1_NodeError | null);
  'skipReason'?: (_dago_v1_SkipReason);
  /**
   * The worker that runs or ran the current attempt.
   */
  'worker'?: (string);
  'readyAt'?: (_google_protobuf_Timestamp | null);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'endedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the next attempt is due, while retrying.
   */
  'retryAt'?: (_google_protobuf_Timestamp | null);
  /**
   * llm nodes: tokens of every attempt so far.
   */
  'usage'?: (_dago_v1_TokenUsage | null);
  /**
   * llm nodes: cost in USD of those tokens.
   */
  'costUsd'?: (number | string);
  /**
   * llm nodes with the response cache on: whether the last attempt reused a stored output.
   */
  'cacheHit'?: (boolean);
  /**
   * llm nodes: model and provider of the last attempt that reported usage.
   */
  'model'?: (string);
  'provider'?: (string);
  /**
   * How long the node may wait ready for a worker before it fails with no_worker (0 = forever); absent for
   * graphs submitted before the limit existed.
   */
  'scheduleTimeoutMs'?: (number | string | Long);
  /**
   * While ready and waiting for a worker in a running graph: when it fails with no_worker if none takes it.
   */
  'scheduleDeadline'?: (_google_protobuf_Timestamp | null);
  /**
   * The capabilities a worker needs to take the node (its requires, sorted).
   */
  'requires'?: (string)[];
  /**
   * Nodes that waited for a person (approval): what they were asked, and since when.
   */
  'prompt'?: (string);
  'waitingSince'?: (_google_protobuf_Timestamp | null);
  /**
   * While waiting: when its on_timeout applies, if it has a timeout.
   */
  'decisionDeadline'?: (_google_protobuf_Timestamp | null);
  /**
   * The decision made on the wait, once made.
   */
  'decision'?: (_dago_v1_Decision | null);
  /**
   * The worker the node is pinned to (its worker field, or the last AssignNode); empty when any may run it.
   */
  'assignedWorker'?: (string);
  '_costUsd'?: "costUsd";
  '_cacheHit'?: "cacheHit";
  '_model'?: "model";
  '_provider'?: "provider";
  '_scheduleTimeoutMs'?: "scheduleTimeoutMs";
  '_prompt'?: "prompt";
}

/**
 * The state of one node.
 */
export interface Node__Output {
  'id'?: (string);
  'type'?: (string);
  'status'?: (_dago_v1_NodeStatus__Output);
  /**
   * The attempt now current (0 before the node was first ready).
   */
  'attempt'?: (number);
  /**
   * Failed attempts counted against the retry policy.
   */
  'failures'?: (number);
  'dependsOn': (string)[];
  /**
   * The node's output once it succeeded (any JSON value).
   */
  'output'?: (_google_protobuf_Value__Output);
  'error'?: (_dago_v1_NodeError__Output);
  'skipReason'?: (_dago_v1_SkipReason__Output);
  /**
   * The worker that runs or ran the current attempt.
   */
  'worker'?: (string);
  'readyAt'?: (_google_protobuf_Timestamp__Output);
  'startedAt'?: (_google_protobuf_Timestamp__Output);
  'endedAt'?: (_google_protobuf_Timestamp__Output);
  /**
   * When the next attempt is due, while retrying.
   */
  'retryAt'?: (_google_protobuf_Timestamp__Output);
  /**
   * llm nodes: tokens of every attempt so far.
   */
  'usage'?: (_dago_v1_TokenUsage__Output);
  /**
   * llm nodes: cost in USD of those tokens.
   */
  'costUsd'?: (number);
  /**
   * llm nodes with the response cache on: whether the last attempt reused a stored output.
   */
  'cacheHit'?: (boolean);
  /**
   * llm nodes: model and provider of the last attempt that reported usage.
   */
  'model'?: (string);
  'provider'?: (string);
  /**
   * How long the node may wait ready for a worker before it fails with no_worker (0 = forever); absent for
   * graphs submitted before the limit existed.
   */
  'scheduleTimeoutMs'?: (string);
  /**
   * While ready and waiting for a worker in a running graph: when it fails with no_worker if none takes it.
   */
  'scheduleDeadline'?: (_google_protobuf_Timestamp__Output);
  /**
   * The capabilities a worker needs to take the node (its requires, sorted).
   */
  'requires': (string)[];
  /**
   * Nodes that waited for a person (approval): what they were asked, and since when.
   */
  'prompt'?: (string);
  'waitingSince'?: (_google_protobuf_Timestamp__Output);
  /**
   * While waiting: when its on_timeout applies, if it has a timeout.
   */
  'decisionDeadline'?: (_google_protobuf_Timestamp__Output);
  /**
   * The decision made on the wait, once made.
   */
  'decision'?: (_dago_v1_Decision__Output);
  /**
   * The worker the node is pinned to (its worker field, or the last AssignNode); empty when any may run it.
   */
  'assignedWorker'?: (string);
  '_costUsd'?: "costUsd";
  '_cacheHit'?: "cacheHit";
  '_model'?: "model";
  '_provider'?: "provider";
  '_scheduleTimeoutMs'?: "scheduleTimeoutMs";
  '_prompt'?: "prompt";
}
