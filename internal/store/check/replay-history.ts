// Replays a graph's history event by event through the fold and checks, before each event is applied, that the
// transition it records was allowed in the state the earlier events produced: the rules every engine script
// enforces in Redis, checked again from the outside. Pure: no I/O.
import type { GraphEvent } from "../../domain/events.js";
import { applyEvents, foldEvents } from "../../domain/fold.js";
import type { GraphState, GraphStatus, NodeState, NodeStatus } from "../../domain/state.js";
import { TERMINAL_GRAPH_STATUSES, TERMINAL_NODE_STATUSES } from "../../domain/state.js";
import { compareStreamIdTexts } from "../../domain/stream-id.js";
import type { Violation, ViolationRule } from "./violation.js";

export interface ReplayResult {
  /** The fold of the whole history; undefined when the fold refused an event. */
  folded: GraphState | undefined;
  violations: Violation[];
}

type Report = (rule: ViolationRule, event: GraphEvent, message: string) => void;

/** The statuses a node event may find its node in; NodeReady, NodeSkipped and refusals are handled apart. */
const NODE_EVENT_FROM: Partial<Record<GraphEvent["type"], readonly NodeStatus[]>> = {
  NodeStarted: ["ready"],
  NodeWaiting: ["running"],
  NodeApproved: ["waiting"],
  NodeRejected: ["waiting"],
  NodeCompleted: ["running"],
  NodeRetrying: ["running"],
  NodeFailed: ["running"],
  NodeCancelled: ["pending", "ready", "running", "waiting", "retrying"],
  NodeReset: ["failed", "cancelled", "skipped"],
  NodeAssigned: ["pending", "ready"],
};

/** Node events that name the attempt they end or start: it must be the node's current one. */
const CURRENT_ATTEMPT_EVENTS: ReadonlySet<GraphEvent["type"]> = new Set([
  "NodeStarted",
  "NodeWaiting",
  "NodeApproved",
  "NodeRejected",
  "NodeCompleted",
  "NodeRetrying",
  "NodeFailed",
]);

const GRAPH_EVENT_FROM: Partial<Record<GraphEvent["type"], readonly GraphStatus[]>> = {
  GraphStarted: ["pending"],
  GraphPaused: ["running"],
  GraphCompleted: ["running", "paused"],
  GraphFailed: ["running", "paused"],
  GraphCancelled: ["pending", "running", "paused"],
  GraphPatched: ["pending", "running", "paused"],
};

const ENDING_EVENTS: ReadonlySet<GraphEvent["type"]> = new Set([
  "GraphCompleted",
  "GraphFailed",
  "GraphCancelled",
]);

export function replayHistory(graphId: string, events: readonly GraphEvent[]): ReplayResult {
  const violations: Violation[] = [];
  const report: Report = (rule, event, message) => {
    const violation: Violation = { graphId, rule, eventId: event.id, message };
    if (event.nodeId !== undefined) violation.nodeId = event.nodeId;
    violations.push(violation);
  };
  const [first, ...rest] = events;
  if (!first) return { folded: undefined, violations };
  if (first.type !== "GraphSubmitted") {
    report("event_order", first, `the history opens with ${first.type}, not GraphSubmitted`);
    return { folded: undefined, violations };
  }
  // Submitting a graph records GraphSubmitted and GraphStarted in one step: nothing may come between them.
  const second = rest[0];
  if (second?.type !== "GraphStarted") {
    const what = second ? `${second.type}, not GraphStarted` : "missing: GraphStarted was never recorded";
    report("event_order", second ?? first, `the history's second event is ${what}`);
  }
  let state = foldEvents([first]) as GraphState;
  let previous = first;
  for (const event of rest) {
    if (compareStreamIdTexts(event.id, previous.id) <= 0) {
      report("event_order", event, `event id ${event.id} does not follow ${previous.id}`);
    }
    previous = event;
    if (event.type === "GraphSubmitted") {
      report("event_order", event, "a second GraphSubmitted");
      continue;
    }
    if (event.nodeId === undefined) checkGraphEvent(state, event, report);
    else if (!state.nodes[event.nodeId]) {
      report("unreadable", event, `${event.type} names node ${event.nodeId}, which the graph does not have`);
      return { folded: undefined, violations };
    } else checkNodeEvent(state, state.nodes[event.nodeId] as NodeState, event, report);
    try {
      state = applyEvents(state, [event]);
    } catch (err) {
      report("unreadable", event, `the fold refuses this event: ${(err as Error).message}`);
      return { folded: undefined, violations };
    }
  }
  return { folded: state, violations };
}

function checkGraphEvent(state: GraphState, event: GraphEvent, report: Report): void {
  if (event.type === "GraphResumed") {
    // A node retry makes an ended graph run again; a plain resume only follows a pause.
    const allowed: readonly GraphStatus[] =
      event.data.reason === "node_retry" ? ["succeeded", "failed"] : ["paused"];
    if (!allowed.includes(state.status)) {
      report(
        "invalid_transition",
        event,
        `GraphResumed (${String(event.data.reason)}) of a ${state.status} graph`,
      );
    }
    return;
  }
  const from = GRAPH_EVENT_FROM[event.type];
  if (from && !from.includes(state.status)) {
    report("invalid_transition", event, `${event.type} of a ${state.status} graph`);
  }
  if (event.type === "GraphPatched") checkPatch(state, event, report);
  if (ENDING_EVENTS.has(event.type)) {
    const open = Object.values(state.nodes).filter((node) => !TERMINAL_NODE_STATUSES.has(node.status));
    if (open.length > 0) {
      const list = open.map((node) => `${node.id} (${node.status})`).join(", ");
      report("invalid_transition", event, `${event.type} while nodes are still open: ${list}`);
    }
  }
}

function checkNodeEvent(state: GraphState, node: NodeState, event: GraphEvent, report: Report): void {
  if (event.type === "NodeResultRefused") return;
  if (TERMINAL_GRAPH_STATUSES.has(state.status)) {
    report("invalid_transition", event, `${event.type} in a graph that already ${state.status}`);
    return;
  }
  const label = `${event.type} (attempt ${event.attempt ?? "-"})`;
  if (event.type === "NodeReady") {
    // A decision makes a waiting node ready for the worker that applies it.
    const decided = node.status === "waiting" && node.decision !== undefined;
    if (node.status !== "pending" && node.status !== "retrying" && !decided) {
      report("invalid_transition", event, `${label} of a node that is ${node.status}`);
    }
    if (event.attempt !== node.attempt + 1) {
      report(
        "attempt_mismatch",
        event,
        `${label} after attempt ${node.attempt}: the next one is ${node.attempt + 1}`,
      );
    }
    checkDependencies(state, node, event, report);
    return;
  }
  if (event.type === "NodeSkipped") {
    const byCondition = event.data.reason === "condition";
    const expected: NodeStatus = byCondition ? "running" : "pending";
    if (node.status !== expected) {
      report(
        "invalid_transition",
        event,
        `NodeSkipped (${String(event.data.reason)}) of a node that is ${node.status}`,
      );
    }
    if (byCondition && event.attempt !== node.attempt) {
      report("attempt_mismatch", event, `${label}, but the current attempt is ${node.attempt}`);
    }
    return;
  }
  if (event.type === "NodeFailed" && node.status === "ready") {
    // Only the schedule-to-start timeout fails a node that never started, and only in a running graph.
    const code = (event.data.error as { code?: unknown } | undefined)?.code;
    if (code !== "no_worker" || state.status !== "running") {
      report(
        "invalid_transition",
        event,
        `${label} (${String(code)}) of a ready node in a ${state.status} graph: only no_worker fails a node ` +
          "that never started, while its graph runs",
      );
    }
  } else if (event.type === "NodeFailed" && node.status === "waiting") {
    const code = (event.data.error as { code?: unknown } | undefined)?.code;
    if (code !== "approval_timeout") {
      report(
        "invalid_transition",
        event,
        `${label} (${String(code)}) of a waiting node: only its timeout fails it`,
      );
    }
  } else {
    const from = NODE_EVENT_FROM[event.type];
    if (from && !from.includes(node.status)) {
      report("invalid_transition", event, `${label} of a node that is ${node.status}`);
    }
  }
  if (CURRENT_ATTEMPT_EVENTS.has(event.type) && event.attempt !== node.attempt) {
    report("attempt_mismatch", event, `${label}, but the current attempt is ${node.attempt}`);
  }
  if (event.type === "NodeStarted") checkDependencies(state, node, event, report);
  // A queued ready node moves with a new attempt (fencing its old entry); any other keeps its attempt.
  if (event.type === "NodeAssigned") {
    const next = node.status === "ready" ? [node.attempt, node.attempt + 1] : [node.attempt];
    if (!next.includes(event.attempt ?? -1)) {
      report("attempt_mismatch", event, `${label} after attempt ${node.attempt}`);
    }
  }
}

interface PatchedData {
  addNodes?: Array<{ id?: unknown }>;
  addDependencies?: Array<{ node?: unknown }>;
  removeNodes?: unknown[];
}

/** A patch adds no id the graph has, removes only nodes that never ran, and adds dependencies only to pending nodes. */
function checkPatch(state: GraphState, event: GraphEvent, report: Report): void {
  const data = event.data as PatchedData;
  const removed = new Set<string>();
  for (const id of data.removeNodes ?? []) {
    const node = state.nodes[String(id)];
    removed.add(String(id));
    if (node && (node.startedAt !== undefined || (node.status !== "pending" && node.status !== "ready"))) {
      report("invalid_transition", event, `GraphPatched removes node ${String(id)}, which is ${node.status}`);
    }
  }
  for (const added of data.addNodes ?? []) {
    const id = String(added.id);
    if (state.nodes[id] && !removed.has(id)) {
      report("invalid_transition", event, `GraphPatched adds node ${id}, which the graph already has`);
    }
  }
  for (const entry of data.addDependencies ?? []) {
    const node = state.nodes[String(entry.node)];
    if (node && node.status !== "pending") {
      report(
        "invalid_transition",
        event,
        `GraphPatched adds dependencies to node ${String(entry.node)}, which is ${node.status}`,
      );
    }
  }
}

/** Succeeded, or skipped by its own condition: what lets dependents run. */
function resolved(node: NodeState | undefined): boolean {
  return (
    node !== undefined &&
    (node.status === "succeeded" || (node.status === "skipped" && node.skipReason === "condition"))
  );
}

function checkDependencies(state: GraphState, node: NodeState, event: GraphEvent, report: Report): void {
  const open = node.dependsOn.filter((dep) => !resolved(state.nodes[dep]));
  if (open.length === 0) return;
  const list = open.map((dep) => `${dep} (${state.nodes[dep]?.status ?? "missing"})`).join(", ");
  report("dependency_order", event, `${event.type} while dependencies had not succeeded: ${list}`);
}
