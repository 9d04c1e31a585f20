// Original file: proto/dago/v1/graph.proto

import type { GraphStatus as _dago_v1_GraphStatus, GraphStatus__Output as _dago_v1_GraphStatus__Output } from '../../dago/v1/GraphStatus.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { GraphError as _dago_v1_GraphError, GraphError__Output as _dago_v1_GraphError__Output } from '../../dago/v1/GraphError.js';
import type { Node as _dago_v1_Node, Node__Output as _dago_v1_Node__Output } from '../../dago/v1/Node.js';
import type { TokenUsage as _dago_v1_TokenUsage, TokenUsage__Output as _dago_v1_TokenUsage__Output } from '../../dago/v1/TokenUsage.js';
import type { BudgetAccount as _dago_v1_BudgetAccount, BudgetAccount__Output as _dago_v1_BudgetAccount__Output } from '../../dago/v1/BudgetAccount.js';
import type { TemplateRef as _dago_v1_TemplateRef, TemplateRef__Output as _dago_v1_TemplateRef__Output } from '../../dago/v1/TemplateRef.js';
import type { ScheduleRef as _dago_v1_ScheduleRef, ScheduleRef__Output as _dago_v1_ScheduleRef__Output } from '../../dago/v1/ScheduleRef.js';
import type { ParentRef as _dago_v1_ParentRef, ParentRef__Output as _dago_v1_ParentRef__Output } from '../../dago/v1/ParentRef.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The state of a graph: the projection of its event history.
 */
export interface Graph {
  'id'?: (string);
  'tenantId'?: (string);
  'name'?: (string);
  'status'?: (_dago_v1_GraphStatus);
  /**
   * Number of events applied.
   */
  'version'?: (number | string | Long);
  /**
   * Id of the last event applied; WatchGraph from here sees only what happens next.
   */
  'lastEventId'?: (string);
  'input'?: (_google_protobuf_Struct | null);
  'createdAt'?: (_google_protobuf_Timestamp | null);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'endedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * Why the graph failed.
   */
  'error'?: (_dago_v1_GraphError | null);
  /**
   * Every node's state by node id.
   */
  'nodes'?: ({[key: string]: _dago_v1_Node});
  /**
   * Sum of the nodes' usage, once any node reported some.
   */
  'usage'?: (_dago_v1_TokenUsage | null);
  /**
   * Sum of the nodes' cost_usd.
   */
  'costUsd'?: (number | string);
  /**
   * The graph's budget, when its spec has one (read from the store's reservations, not from the events).
   */
  'budget'?: (_dago_v1_BudgetAccount | null);
  /**
   * The template version the graph was started from.
   */
  'template'?: (_dago_v1_TemplateRef | null);
  /**
   * The schedule and due time that started the graph.
   */
  'schedule'?: (_dago_v1_ScheduleRef | null);
  /**
   * The graph node that started this graph as its child.
   */
  'parent'?: (_dago_v1_ParentRef | null);
  '_costUsd'?: "costUsd";
}

/**
 * The state of a graph: the projection of its event history.
 */
export interface Graph__Output {
  'id'?: (string);
  'tenantId'?: (string);
  'name'?: (string);
  'status'?: (_dago_v1_GraphStatus__Output);
  /**
   * Number of events applied.
   */
  'version'?: (string);
  /**
   * Id of the last event applied; WatchGraph from here sees only what happens next.
   */
  'lastEventId'?: (string);
  'input'?: (_google_protobuf_Struct__Output);
  'createdAt'?: (_google_protobuf_Timestamp__Output);
  'startedAt'?: (_google_protobuf_Timestamp__Output);
  'endedAt'?: (_google_protobuf_Timestamp__Output);
  /**
   * Why the graph failed.
   */
  'error'?: (_dago_v1_GraphError__Output);
  /**
   * Every node's state by node id.
   */
  'nodes'?: ({[key: string]: _dago_v1_Node__Output});
  /**
   * Sum of the nodes' usage, once any node reported some.
   */
  'usage'?: (_dago_v1_TokenUsage__Output);
  /**
   * Sum of the nodes' cost_usd.
   */
  'costUsd'?: (number);
  /**
   * The graph's budget, when its spec has one (read from the store's reservations, not from the events).
   */
  'budget'?: (_dago_v1_BudgetAccount__Output);
  /**
   * The template version the graph was started from.
   */
  'template'?: (_dago_v1_TemplateRef__Output);
  /**
   * The schedule and due time that started the graph.
   */
  'schedule'?: (_dago_v1_ScheduleRef__Output);
  /**
   * The graph node that started this graph as its child.
   */
  'parent'?: (_dago_v1_ParentRef__Output);
  '_costUsd'?: "costUsd";
}
