// Reads a graph's stored projection (in one MULTI, so it is a consistent snapshot) into a GraphState.
import type { ChainableCommander, Redis } from "ioredis";
import type { NodeError } from "../domain/events.js";
import { emptyRecord } from "../domain/fold.js";
import { copyOrigin, type GraphOrigin } from "../domain/graph-origin.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { GraphState, GraphStatus, NodeState, NodeStatus, SkipReason } from "../domain/state.js";
import { nanosToUsd, type TokenUsage } from "../domain/usage.js";
import { graphKeys } from "./keys.js";

/** The node state JSON the scripts keep (field names documented in scripts/includes/core.lua). */
export interface StoredNodeState {
  s: NodeStatus;
  a: number;
  f: number;
  l: number;
  w: number;
  q: number;
  r: string;
  p: number;
  to: number;
  ma: number;
  bo: number;
  mb: number;
  c: 0 | 1;
  t: string;
  rf: string;
  e?: NodeError;
  sr?: SkipReason;
  wk?: string;
  /** The worker the node is pinned to (its `worker`, or the last NodeAssigned); its route has `worker:<pw>`. */
  pw?: string;
  ra?: number;
  sa?: number;
  ea?: number;
  rt?: number;
  d?: number;
  /** Schedule-to-start timeout ms (absent in graphs submitted before it existed), and the deadline while waiting. */
  so?: number;
  sd?: number;
  u?: StoredUsage;
  cn?: number;
  m?: string;
  pv?: string;
  ch?: boolean;
  /** Map children: their map, whether their failure fails it, and whether they wait for a free place. */
  mp?: string;
  mf?: 0 | 1;
  h?: 1;
  /** Maps: expanded, children, next child to release, children ended. */
  xp?: 1;
  mn?: number;
  mx?: number;
  md?: number;
  /** Waiting for a decision: the prompt, since when, the deadline, what a timeout does, the decision (JSON text). */
  wp?: string;
  ws?: number;
  wd?: number;
  ot?: string;
  dc?: string;
  dk?: string;
  dh?: string;
}

/** Token sums as the scripts keep them (node field `u`; graph meta field `usage` adds `cn`). */
interface StoredUsage {
  i: number;
  o: number;
  cr: number;
  cw: number;
}

function toUsage(stored: StoredUsage): TokenUsage {
  return {
    inputTokens: stored.i,
    outputTokens: stored.o,
    cacheReadTokens: stored.cr,
    cacheWriteTokens: stored.cw,
  };
}

export function initialNodeState(node: ResolvedNode): StoredNodeState {
  const state = nodeState(node);
  if (node.parent !== undefined) {
    // A child's failure is its map's (or loop's) to judge (mf), never the graph's directly.
    state.mp = node.parent;
    state.mf = node.continueOnFailure ? 0 : 1;
    state.c = 1;
  }
  return state;
}

function nodeState(node: ResolvedNode): StoredNodeState {
  const state: StoredNodeState = {
    s: "pending",
    a: 0,
    f: 0,
    l: 0,
    w: node.dependsOn.length,
    q: 0,
    r: node.route,
    p: node.priority,
    to: node.timeoutMs,
    ma: node.retry.maxAttempts,
    bo: node.retry.backoffMs,
    mb: node.retry.maxBackoffMs,
    c: node.continueOnFailure ? 1 : 0,
    t: node.type,
    rf: node.refs.join(","),
    so: node.scheduleTimeoutMs,
  };
  if (node.worker !== undefined) state.pw = node.worker;
  return state;
}

export function toNodeState(
  id: string,
  stored: StoredNodeState,
  resolved: Pick<ResolvedNode, "dependsOn" | "requires">,
  output?: string,
): NodeState {
  const node: NodeState = {
    id,
    type: stored.t,
    status: stored.s,
    attempt: stored.a,
    failures: stored.f,
    dependsOn: resolved.dependsOn,
  };
  if (resolved.requires.length > 0) node.requires = resolved.requires;
  if (output !== undefined) node.output = JSON.parse(output);
  if (stored.e) node.error = stored.e;
  if (stored.sr) node.skipReason = stored.sr;
  if (stored.pw !== undefined) node.assignedWorker = stored.pw;
  if (stored.wk !== undefined) node.worker = stored.wk;
  if (stored.ra !== undefined) node.readyAt = stored.ra;
  if (stored.sa !== undefined) node.startedAt = stored.sa;
  if (stored.ea !== undefined) node.endedAt = stored.ea;
  if (stored.rt !== undefined) node.retryAt = stored.rt;
  if (stored.so !== undefined) node.scheduleTimeoutMs = stored.so;
  if (stored.sd !== undefined) node.scheduleDeadline = stored.sd;
  if (stored.u !== undefined) {
    node.usage = toUsage(stored.u);
    node.costUsd = nanosToUsd(stored.cn ?? 0);
  }
  if (stored.wp !== undefined) node.prompt = stored.wp;
  if (stored.ws !== undefined) node.waitingSince = stored.ws;
  if (stored.wd !== undefined) node.decisionDeadline = stored.wd;
  if (stored.dc !== undefined) node.decision = JSON.parse(stored.dc);
  if (stored.ch !== undefined) node.cacheHit = stored.ch;
  if (stored.m !== undefined) node.model = stored.m;
  if (stored.pv !== undefined) node.provider = stored.pv;
  return node;
}

export interface RawProjection {
  meta: Record<string, string>;
  nodes: Record<string, string>;
  outputs: Record<string, string>;
  spec: Record<string, string>;
}

export async function readRawProjection(
  redis: Redis,
  keyPrefix: string,
  graphId: string,
): Promise<RawProjection | undefined> {
  const replies = await queueProjectionReads(redis.multi(), graphKeys(keyPrefix, graphId)).exec();
  if (!replies) throw new Error("projection read was aborted");
  const raw = rawProjectionOf(replies);
  return raw.meta.status ? raw : undefined;
}

/** Queues the reads of a projection on a MULTI, so a caller can read more of the graph in the same cut. */
export function queueProjectionReads(
  multi: ChainableCommander,
  keys: ReturnType<typeof graphKeys>,
): ChainableCommander {
  return multi.hgetall(keys.meta).hgetall(keys.nodes).hgetall(keys.out).hgetall(keys.spec);
}

/** The projection in the first four replies of a MULTI begun by queueProjectionReads; throws a refused read. */
export function rawProjectionOf(replies: Array<[Error | null, unknown]>): RawProjection {
  const [meta, nodes, outputs, spec] = replies.slice(0, 4).map(([err, value]) => {
    if (err) throw err;
    return value as Record<string, string>;
  }) as [Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>];
  return { meta, nodes, outputs, spec };
}

/** Node ids such as "constructor" must not read Object.prototype. */
function own(record: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function toGraphState(graphId: string, raw: RawProjection): GraphState {
  const { meta, nodes, outputs, spec } = raw;
  const header = JSON.parse(spec[":graph"] ?? "{}") as GraphHeader;
  const order = JSON.parse(spec[":order"] ?? "[]") as string[];
  const state = graphStateHead(graphId, meta, header);
  for (const id of order) {
    const stored = JSON.parse(own(nodes, id) as string) as StoredNodeState;
    const resolved = JSON.parse(own(spec, id) as string) as ResolvedNode;
    state.nodes[id] = toNodeState(id, stored, resolved, own(outputs, id));
  }
  return state;
}

/**
 * The state of a graph just submitted, from the submit script's meta hash and node states and the resolved graph
 * the caller holds (its specs need not be read back or parsed again).
 */
export function submittedGraphState(
  graphId: string,
  meta: Record<string, string>,
  nodeStates: Record<string, string>,
  graph: GraphHeader & { nodes: readonly ResolvedNode[] },
): GraphState {
  const state = graphStateHead(graphId, meta, graph);
  for (const node of graph.nodes) {
    const stored = JSON.parse(own(nodeStates, node.id) as string) as StoredNodeState;
    state.nodes[node.id] = toNodeState(node.id, stored, node);
  }
  return state;
}

interface GraphHeader extends GraphOrigin {
  name: string;
  input?: Record<string, unknown>;
}

function graphStateHead(graphId: string, meta: Record<string, string>, header: GraphHeader): GraphState {
  const state: GraphState = {
    id: graphId,
    tenantId: meta.tenant as string,
    name: header.name,
    status: meta.status as GraphStatus,
    version: Number(meta.v),
    lastEventId: meta.last as string,
    input: header.input ?? {},
    createdAt: Number(meta.createdAt),
    nodes: emptyRecord<NodeState>(),
  };
  copyOrigin(header, state);
  if (meta.startedAt) state.startedAt = Number(meta.startedAt);
  if (meta.endedAt) state.endedAt = Number(meta.endedAt);
  if (meta.error) state.error = JSON.parse(meta.error);
  if (meta.usage) {
    const usage = JSON.parse(meta.usage) as StoredUsage & { cn: number };
    state.usage = toUsage(usage);
    state.costUsd = nanosToUsd(usage.cn);
  }
  return state;
}
