// Domain names <-> proto enum names. The records are exhaustive over the domain's unions, so a new status or
// event type in the domain fails to compile here until the contract (proto/dago/v1) has it too.
import type { EventType } from "../../domain/events.js";
import type { GraphStatus, NodeStatus, SkipReason } from "../../domain/state.js";
import type { EventType__Output } from "./generated/dago/v1/EventType.js";
import type { GraphStatus__Output } from "./generated/dago/v1/GraphStatus.js";
import type { NodeStatus__Output } from "./generated/dago/v1/NodeStatus.js";
import type { SkipReason__Output } from "./generated/dago/v1/SkipReason.js";

const GRAPH_STATUS: Record<GraphStatus, GraphStatus__Output> = {
  pending: "GRAPH_STATUS_PENDING",
  running: "GRAPH_STATUS_RUNNING",
  paused: "GRAPH_STATUS_PAUSED",
  succeeded: "GRAPH_STATUS_SUCCEEDED",
  failed: "GRAPH_STATUS_FAILED",
  cancelled: "GRAPH_STATUS_CANCELLED",
};

const NODE_STATUS: Record<NodeStatus, NodeStatus__Output> = {
  pending: "NODE_STATUS_PENDING",
  ready: "NODE_STATUS_READY",
  running: "NODE_STATUS_RUNNING",
  waiting: "NODE_STATUS_WAITING",
  retrying: "NODE_STATUS_RETRYING",
  succeeded: "NODE_STATUS_SUCCEEDED",
  failed: "NODE_STATUS_FAILED",
  skipped: "NODE_STATUS_SKIPPED",
  cancelled: "NODE_STATUS_CANCELLED",
};

const SKIP_REASON: Record<SkipReason, SkipReason__Output> = {
  condition: "SKIP_REASON_CONDITION",
  upstream_failed: "SKIP_REASON_UPSTREAM_FAILED",
};

const EVENT_TYPE: Record<EventType, EventType__Output> = {
  GraphSubmitted: "EVENT_TYPE_GRAPH_SUBMITTED",
  GraphStarted: "EVENT_TYPE_GRAPH_STARTED",
  GraphPaused: "EVENT_TYPE_GRAPH_PAUSED",
  GraphResumed: "EVENT_TYPE_GRAPH_RESUMED",
  GraphCancelled: "EVENT_TYPE_GRAPH_CANCELLED",
  GraphCompleted: "EVENT_TYPE_GRAPH_COMPLETED",
  GraphFailed: "EVENT_TYPE_GRAPH_FAILED",
  NodeReady: "EVENT_TYPE_NODE_READY",
  NodeStarted: "EVENT_TYPE_NODE_STARTED",
  NodeCompleted: "EVENT_TYPE_NODE_COMPLETED",
  NodeFailed: "EVENT_TYPE_NODE_FAILED",
  NodeRetrying: "EVENT_TYPE_NODE_RETRYING",
  NodeSkipped: "EVENT_TYPE_NODE_SKIPPED",
  NodeCancelled: "EVENT_TYPE_NODE_CANCELLED",
  NodeReset: "EVENT_TYPE_NODE_RESET",
  NodeResultRefused: "EVENT_TYPE_NODE_RESULT_REFUSED",
  GraphPatched: "EVENT_TYPE_GRAPH_PATCHED",
  NodeWaiting: "EVENT_TYPE_NODE_WAITING",
  NodeApproved: "EVENT_TYPE_NODE_APPROVED",
  NodeRejected: "EVENT_TYPE_NODE_REJECTED",
  NodeAssigned: "EVENT_TYPE_NODE_ASSIGNED",
};

function inverse<K extends string, V extends string>(map: Record<K, V>): ReadonlyMap<V, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
}

const GRAPH_STATUS_BACK = inverse(GRAPH_STATUS);
const NODE_STATUS_BACK = inverse(NODE_STATUS);
const SKIP_REASON_BACK = inverse(SKIP_REASON);
const EVENT_TYPE_BACK = inverse(EVENT_TYPE);

export const graphStatusToProto = (status: GraphStatus): GraphStatus__Output => GRAPH_STATUS[status];
export const nodeStatusToProto = (status: NodeStatus): NodeStatus__Output => NODE_STATUS[status];
export const skipReasonToProto = (reason: SkipReason): SkipReason__Output => SKIP_REASON[reason];
export const eventTypeToProto = (type: EventType): EventType__Output => EVENT_TYPE[type];

/** Undefined for UNSPECIFIED (or a value this build does not know). */
export const graphStatusFromProto = (status: string | undefined): GraphStatus | undefined =>
  status === undefined ? undefined : GRAPH_STATUS_BACK.get(status as GraphStatus__Output);
export const nodeStatusFromProto = (status: string | undefined): NodeStatus | undefined =>
  status === undefined ? undefined : NODE_STATUS_BACK.get(status as NodeStatus__Output);
export const skipReasonFromProto = (reason: string | undefined): SkipReason | undefined =>
  reason === undefined ? undefined : SKIP_REASON_BACK.get(reason as SkipReason__Output);
export const eventTypeFromProto = (type: string | undefined): EventType | undefined =>
  type === undefined ? undefined : EVENT_TYPE_BACK.get(type as EventType__Output);
