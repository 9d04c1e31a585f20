// Projection = fold(events): the one definition of what a graph's history means. The engine's scripts keep a
// stored projection in step with it; tests check the two agree, and history views fold any prefix of the events.
import type { GraphEvent, NodeError } from "./events.js";
import { copyOrigin } from "./graph-origin.js";
import type { ResolvedNode } from "./graph-spec.js";
import type { Decision, GraphState, NodeState, SkipReason } from "./state.js";
import { addCost, addUsage, usageOf } from "./usage.js";

/** A record safe for user-chosen keys such as "__proto__". */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

interface SubmittedData {
  name: string;
  input?: Record<string, unknown>;
  nodes: Array<
    Pick<ResolvedNode, "id" | "type" | "dependsOn"> & {
      scheduleTimeoutMs?: number;
      requires?: string[];
      worker?: string;
    }
  >;
}

/** What GraphPatched records: the patch as applied, resolved, and where it came from. */
interface PatchedData {
  source: string;
  addNodes: SubmittedData["nodes"];
  addDependencies: Array<{ node: string; dependsOn: string[] }>;
  removeNodes: string[];
}

function pendingNode(spec: SubmittedData["nodes"][number]): NodeState {
  const node: NodeState = {
    id: spec.id,
    type: spec.type,
    status: "pending",
    attempt: 0,
    failures: 0,
    dependsOn: [...spec.dependsOn],
  };
  if (spec.requires !== undefined && spec.requires.length > 0) node.requires = [...spec.requires];
  if (spec.scheduleTimeoutMs !== undefined) node.scheduleTimeoutMs = spec.scheduleTimeoutMs;
  if (spec.worker !== undefined) node.assignedWorker = spec.worker;
  return node;
}

/** Removals first: a patch never adds a node under the id of one it removes, but it may reuse one later. */
function applyPatch(state: GraphState, data: PatchedData): void {
  for (const id of data.removeNodes) delete state.nodes[id];
  for (const spec of data.addNodes) state.nodes[spec.id] = pendingNode(spec);
  for (const { node, dependsOn } of data.addDependencies) {
    const target = state.nodes[node];
    if (!target) throw new Error(`GraphPatched adds dependencies to unknown node ${node}`);
    target.dependsOn.push(...dependsOn);
  }
}

function nodeOf(state: GraphState, event: GraphEvent): NodeState {
  const node = event.nodeId === undefined ? undefined : state.nodes[event.nodeId];
  if (!node) throw new Error(`event ${event.id} (${event.type}) names unknown node ${event.nodeId}`);
  return node;
}

function errorOf(data: Record<string, unknown>): NodeError | undefined {
  return data.error as NodeError | undefined;
}

/**
 * Applies one event to a state that foldEvents created and owns: mutating it in place keeps a fold linear in
 * the number of events (copying the node record per event made large graphs quadratic).
 */
function applyEvent(state: GraphState | undefined, event: GraphEvent): GraphState {
  if (event.type === "GraphSubmitted") {
    const data = event.data as unknown as SubmittedData;
    const nodes = emptyRecord<NodeState>();
    for (const spec of data.nodes) nodes[spec.id] = pendingNode(spec);
    const submitted: GraphState = {
      id: event.graphId,
      tenantId: event.tenantId,
      name: data.name,
      status: "pending",
      version: 1,
      lastEventId: event.id,
      input: data.input ?? {},
      createdAt: event.at,
      nodes,
    };
    copyOrigin(event.data, submitted);
    return submitted;
  }
  if (!state) throw new Error(`event ${event.id} (${event.type}) comes before GraphSubmitted`);
  state.version += 1;
  state.lastEventId = event.id;
  if (event.nodeId !== undefined) {
    const node = nodeOf(state, event);
    applyNodeEvent(node, event);
    // A ready node moved to another worker waits afresh in its new route's stream.
    const waitsAgain =
      event.type === "NodeReady" || (event.type === "NodeAssigned" && node.status === "ready");
    if (waitsAgain && state.status === "running") startScheduleWait(node, event.at);
    if (ACCOUNTED_EVENTS.has(event.type)) applyAccounting(state, node, event.data);
    return state;
  }
  switch (event.type) {
    case "GraphStarted":
      state.status = "running";
      state.startedAt = event.at;
      break;
    case "GraphPaused":
      state.status = "paused";
      // A paused graph's ready nodes do not wait for a worker: no node can start.
      for (const node of Object.values(state.nodes)) delete node.scheduleDeadline;
      break;
    case "GraphResumed":
      state.status = "running";
      delete state.endedAt;
      delete state.error;
      for (const node of Object.values(state.nodes)) {
        if (node.status === "ready") startScheduleWait(node, event.at);
      }
      break;
    case "GraphCompleted":
      state.status = "succeeded";
      state.endedAt = event.at;
      break;
    case "GraphFailed":
      state.status = "failed";
      state.endedAt = event.at;
      state.error = event.data.error as GraphState["error"];
      break;
    case "GraphCancelled":
      state.status = "cancelled";
      state.endedAt = event.at;
      break;
    case "GraphPatched":
      applyPatch(state, event.data as unknown as PatchedData);
      break;
    default:
      throw new Error(`event ${event.id} (${event.type}) needs a node id`);
  }
  return state;
}

/** A ready node of a running graph waits for a worker at most its scheduleTimeoutMs (0: forever). */
function startScheduleWait(node: NodeState, at: number): void {
  if (node.scheduleTimeoutMs !== undefined && node.scheduleTimeoutMs > 0) {
    node.scheduleDeadline = at + node.scheduleTimeoutMs;
  }
}

function applyNodeEvent(node: NodeState, event: GraphEvent): void {
  const data = event.data;
  // Only a node still waiting for a worker has a deadline; whatever happens to it next ends the wait (a refused
  // result changes nothing).
  if (event.type !== "NodeResultRefused") {
    delete node.scheduleDeadline;
    // Likewise a wait for a decision: a decision, its timeout or a cancel ends it.
    delete node.decisionDeadline;
  }
  switch (event.type) {
    case "NodeReady":
      node.status = "ready";
      node.attempt = event.attempt ?? node.attempt + 1;
      node.readyAt = event.at;
      delete node.retryAt;
      break;
    case "NodeStarted":
      node.status = "running";
      node.startedAt = event.at;
      node.worker = data.worker as string;
      break;
    case "NodeWaiting":
      node.status = "waiting";
      // A node may wait again (an llm node whose raised budget ran out once more): the last decision was applied.
      delete node.decision;
      node.prompt = data.prompt as string;
      node.waitingSince = event.at;
      if (typeof data.deadline === "number") node.decisionDeadline = data.deadline;
      break;
    case "NodeApproved":
    case "NodeRejected":
      node.decision = data as unknown as Decision;
      break;
    case "NodeCompleted":
      node.status = "succeeded";
      node.output = data.output;
      node.endedAt = event.at;
      delete node.error;
      break;
    case "NodeRetrying":
      node.status = "retrying";
      node.error = errorOf(data);
      node.failures = data.failures as number;
      node.retryAt = data.retryAt as number;
      break;
    case "NodeFailed":
      node.status = "failed";
      node.error = errorOf(data);
      node.failures = data.failures as number;
      node.endedAt = event.at;
      break;
    case "NodeSkipped":
      node.status = "skipped";
      node.skipReason = data.reason as SkipReason;
      node.endedAt = event.at;
      break;
    case "NodeCancelled":
      node.status = "cancelled";
      node.endedAt = event.at;
      break;
    case "NodeReset":
      node.status = "pending";
      node.failures = 0;
      delete node.error;
      delete node.skipReason;
      delete node.endedAt;
      delete node.retryAt;
      delete node.prompt;
      delete node.waitingSince;
      delete node.decision;
      break;
    case "NodeResultRefused":
      break;
    case "NodeAssigned":
      // A queued ready node's attempt is bumped, so the entry in its old route's stream is fenced as stale.
      node.attempt = event.attempt ?? node.attempt;
      if (typeof data.worker === "string") node.assignedWorker = data.worker;
      else delete node.assignedWorker;
      break;
    default:
      throw new Error(`event ${event.id} (${event.type}) is not a node event`);
  }
}

const ACCOUNTED_EVENTS: ReadonlySet<string> = new Set(["NodeCompleted", "NodeRetrying", "NodeFailed"]);

/** An attempt's LLM usage adds to its node and to the graph; model, provider and cache hit describe the attempt. */
function applyAccounting(state: GraphState, node: NodeState, data: Record<string, unknown>): void {
  const usage = usageOf(data.usage);
  if (usage === undefined) return;
  const cost = typeof data.costUsd === "number" ? data.costUsd : 0;
  node.usage = addUsage(node.usage, usage);
  node.costUsd = addCost(node.costUsd, cost);
  state.usage = addUsage(state.usage, usage);
  state.costUsd = addCost(state.costUsd, cost);
  if (typeof data.model === "string") node.model = data.model;
  if (typeof data.provider === "string") node.provider = data.provider;
  if (typeof data.cacheHit === "boolean") node.cacheHit = data.cacheHit;
}

/** Folds a graph's history, or any prefix of it ("state as of event X"), into a new state. Pure. */
export function foldEvents(events: readonly GraphEvent[]): GraphState | undefined {
  let state: GraphState | undefined;
  for (const event of events) state = applyEvent(state, event);
  return state;
}

/**
 * Continues a fold from a state the caller owns (for instance a fetched projection) and returns it; the state is
 * mutated in place, so a caller that shares it must pass a copy.
 */
export function applyEvents(state: GraphState, events: readonly GraphEvent[]): GraphState {
  let next = state;
  for (const event of events) next = applyEvent(next, event);
  return next;
}
