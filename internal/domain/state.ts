import type { NodeError } from "./events.js";
import type { GraphOrigin } from "./graph-origin.js";
import type { TokenUsage } from "./usage.js";

export const NODE_STATUSES = [
  "pending",
  "ready",
  "running",
  "waiting",
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

/**
 * A decision on a node that waited for one: who made it (an API key's `name@tenant`, `local` without keys, or
 * `timeout`) and when, with what the person sent.
 */
export interface Decision {
  approved: boolean;
  by: string;
  at: number;
  comment: string | null;
  data: unknown;
  /** Set when the node's onTimeout made the decision. */
  timedOut?: true;
}

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
  /** The capabilities a worker needs to take the node (its `requires`, sorted), when it has any. */
  requires?: string[];
  /** The worker the node is pinned to (its `worker`, or the last NodeAssigned): only that worker runs it. */
  assignedWorker?: string;
  output?: unknown;
  error?: NodeError;
  skipReason?: SkipReason;
  worker?: string;
  readyAt?: number;
  startedAt?: number;
  endedAt?: number;
  /** When a retry is due, while `retrying`. */
  retryAt?: number;
  /** How long the node may wait ready for a worker before it fails with `no_worker` (0 = forever). */
  scheduleTimeoutMs?: number;
  /**
   * While `ready` and waiting for a worker in a running graph: when it fails with `no_worker` if no worker has
   * taken it. Absent while the graph is paused (the wait starts again on resume) and when it waits forever.
   */
  scheduleDeadline?: number;
  /** `llm` nodes: tokens of every attempt so far, failed attempts that got a complete response included. */
  usage?: TokenUsage;
  /** `llm` nodes: cost in USD of those tokens, from the price table of the worker that ran each attempt. */
  costUsd?: number;
  /** `llm` nodes with the response cache on: whether the last attempt reused a stored output. */
  cacheHit?: boolean;
  /** Nodes that waited for a person (`approval`): what they were asked, and since when. */
  prompt?: string;
  waitingSince?: number;
  /** While `waiting`: when its onTimeout applies, if it has a timeout. */
  decisionDeadline?: number;
  /** The decision made on the wait, once made (until a retry asks again). */
  decision?: Decision;
  /** `llm` nodes: model and provider of the last attempt that reported usage. */
  model?: string;
  provider?: string;
}

export interface GraphState extends GraphOrigin {
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
  /** Sum of the nodes' `usage`, once any node reported some. */
  usage?: TokenUsage;
  /** Sum of the nodes' `costUsd`. */
  costUsd?: number;
  nodes: Record<string, NodeState>;
}
