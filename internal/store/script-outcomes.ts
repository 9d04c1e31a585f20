// What the graph store's script calls come back with, once decode-reply.ts has read the scripts' integer codes. A
// refusal's `reason` is a fixed word; what it concerns (a status, an attempt) sits in fields of its own.
import type { GraphStatus } from "../domain/state.js";

/** What a worker receives when it starts a node. */
export interface StartedNode {
  spec: string;
  header?: string;
  refs: Array<{ nodeId: string; output?: string; state?: string }>;
}

/** A node a completion started on the completing worker: its attempt, and what startNode would have returned. */
export interface HandedOffNode {
  nodeId: string;
  attempt: number;
  node: StartedNode;
}

export type StartOutcome =
  | { started: true; node: StartedNode }
  | { started: false; reason: "graph_gone" | "stale" | "paused" | "not_running" };

/** A completion, failure or skip that changed nothing but, for a stale attempt, a NodeResultRefused event. */
export type ResultRefusal =
  | { applied: false; reason: "graph_gone" }
  | { applied: false; reason: "stale_attempt"; nodeStatus: string; attempt: number };

export type RefusalReason = ResultRefusal["reason"];

export type CompletionOutcome =
  | { applied: true; graphStatus: string; handedOff: HandedOffNode[] }
  | ResultRefusal;

export type ResultOutcome = { applied: true; graphStatus: string; nodeStatus?: string } | ResultRefusal;

export type SubmitReply =
  | { created: true; meta: Record<string, string>; nodes: Record<string, string> }
  | { created: false; reason: "duplicate"; graphId: string }
  | { created: false; reason: "idempotency_conflict"; graphId: string }
  | { created: false; reason: "id_taken" };

export type ReleaseOutcome =
  | { released: true }
  | { released: false; reason: "graph_gone" | "stale_attempt" | "graph_not_running" };

/** The reply of pause, resume, cancel and retryNode. */
export type ControlOutcome =
  | { applied: true }
  | { applied: false; reason: "graph_gone" | "no_such_node" }
  | { applied: false; reason: "graph_status"; status: GraphStatus }
  | { applied: false; reason: "node_not_failed"; nodeStatus: string };

export interface TimersOutcome {
  taken: number;
  fired: number;
  /** When the partition's next timer is due, in ms; -1 when none is left. */
  nextDueAt: number;
}
