// What the graph store's script calls come back with, once decode-reply.ts has read the scripts' integer codes. A
// refusal's `reason` is a fixed word; what it concerns (a status, an attempt) sits in fields of its own.
import type { GraphBudget } from "../domain/graph-budget.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { GraphStatus, NodeStatus } from "../domain/state.js";

/** What the start and completion scripts return for a node they started: stored text, decoded by started-node.ts. */
export interface StartedNodeReply {
  spec: string;
  header?: string;
  refs: Array<{ nodeId: string; output?: string; state?: string }>;
}

/** The graph's name and input, as the submission stored them for workers. */
export interface GraphHeader {
  name: string;
  input: Record<string, unknown>;
  /** Absent in graphs submitted by an older version; then it is read from the graph's meta. */
  tenant?: string;
  /** The spec's budget, when it has one. */
  budget?: GraphBudget;
}

/** A node that a started node's condition or templates name, as it was when the attempt started. */
export interface ReferencedNode {
  /** null when it has no output (yet). */
  output: unknown;
  status: NodeStatus;
}

/** What a worker receives when it starts a node, decoded once. */
export interface StartedNode {
  node: ResolvedNode;
  /** Present when the start asked for it (the worker had not cached this graph's header). */
  header?: GraphHeader;
  /** The nodes of `node.refs` by id, in a record without prototype (node ids such as "__proto__" stay keys). */
  refs: Record<string, ReferencedNode>;
}

/** A node a completion started on the completing worker: its attempt, and what startNode would have returned. */
export interface HandedOffNode<Node = StartedNode> {
  nodeId: string;
  attempt: number;
  node: Node;
}

export type StartOutcome<Node = StartedNode> =
  | { started: true; node: Node }
  | { started: false; reason: "graph_gone" | "stale" | "paused" | "not_running" };

/** A completion, failure or skip that changed nothing but, for a stale attempt, a NodeResultRefused event. */
export type ResultRefusal =
  | { applied: false; reason: "graph_gone" }
  | { applied: false; reason: "stale_attempt"; nodeStatus: string; attempt: number };

export type RefusalReason = ResultRefusal["reason"];

export type CompletionOutcome<Node = StartedNode> =
  | { applied: true; graphStatus: string; handedOff: HandedOffNode<Node>[] }
  | ResultRefusal
  /** The completion carried a patch that no longer fits the graph; nothing was written. */
  | { applied: false; reason: "patch_refused"; refusal: PatchRefusal };

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
  | { applied: false; reason: "node_not_failed"; nodeStatus: string }
  | { applied: false; reason: "container_expanded"; nodeId: string };

export interface TimersOutcome {
  taken: number;
  fired: number;
  /** When the partition's next timer is due, in ms; -1 when none is left. */
  nextDueAt: number;
}

/** Why a patch was not applied; nothing was written. */
export type PatchRefusal =
  | { applied: false; reason: "graph_gone" }
  | { applied: false; reason: "graph_status"; status: GraphStatus }
  | { applied: false; reason: "version_conflict"; version: number }
  /** Another patch landed since this one was validated: validate it again. */
  | { applied: false; reason: "structure_changed"; structureVersion: number }
  | { applied: false; reason: "node_started"; nodeId: string; status: string };

export type PatchOutcome = { applied: true; version: number; graphStatus: GraphStatus } | PatchRefusal;
