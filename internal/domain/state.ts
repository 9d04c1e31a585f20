import type { NodeError } from "./events.js";

export const NODE_STATUSES = [
  "pending",
  "ready",
  "running",
  "retrying",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const GRAPH_STATUSES = ["pending", "running", "paused", "succeeded", "failed", "cancelled"] as const;
export type GraphStatus = (typeof GRAPH_STATUSES)[number];

export const TERMINAL_NODE_STATUSES: ReadonlySet<NodeStatus> = new Set([
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
]);
export const TERMINAL_GRAPH_STATUSES: ReadonlySet<GraphStatus> = new Set([
  "succeeded",
  "failed",
  "cancelled",
]);

/** Why a node was skipped: its own `when` was false, or a dependency failed (continueOnFailure) or was skipped for that. */
export type SkipReason = "condition" | "upstream_failed";

export interface NodeState {
  id: string;
  type: string;
  status: NodeStatus;
  /** The attempt now current (0 before the node was first ready). Fences stale results. */
  attempt: number;
  /** Failed attempts counted against the retry policy since the node was last reset. */
  failures: number;
  dependsOn: string[];
  output?: unknown;
  error?: NodeError;
  skipReason?: SkipReason;
  worker?: string;
  readyAt?: number;
  startedAt?: number;
  endedAt?: number;
  /** When a retry is due, while `retrying`. */
  retryAt?: number;
}

export interface GraphState {
  id: string;
  tenantId: string;
  name: string;
  status: GraphStatus;
  /** Number of events applied: the projection's version. */
  version: number;
  lastEventId: string;
  input: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  error?: { code: string; message: string; nodeId?: string };
  nodes: Record<string, NodeState>;
}
