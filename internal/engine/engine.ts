// The TypeScript side of the engine: builds each script's KEYS/ARGV, calls it, and turns its small negative
// replies into typed results or DagoErrors. It never reads state, decides and writes back: the scripts do that.
import type { Redis } from "ioredis";
import type { GraphEvent, NodeError } from "../domain/events.js";
import type { ResolvedGraph } from "../domain/graph-spec.js";
import { GRAPH_STATUSES, type GraphState, type GraphStatus } from "../domain/state.js";
import { type AttemptAccounting, usdToNanos } from "../domain/usage.js";
import { DagoError } from "../errors/index.js";
import type { EngineOptions } from "./engine-options.js";
import { decodeEvent, type StreamEntry } from "./event-codec.js";
import {
  controlChannel,
  graphKeys,
  hashToPartition,
  idempotencyKey,
  newGraphId,
  partitionOf,
  partitionPrefix,
  readyStreamKey,
  routesKey,
  tenantIndexKey,
  timersKey,
} from "./keys.js";
import { initialNodeState, readRawProjection, submittedGraphState, toGraphState } from "./projection.js";
import { registerScripts, type ScriptReply } from "./scripts.js";

export interface SubmitOutcome {
  graphId: string;
  created: boolean;
  /** The new graph's state as the submission left it (absent for an idempotent repeat: read it). */
  state?: GraphState;
}

/** What a worker receives when it starts a node. */
export interface StartedNode {
  spec: string;
  header?: string;
  refs: Array<{ nodeId: string; output?: string; state?: string }>;
}

export type StartOutcome =
  | { started: true; node: StartedNode }
  | { started: false; reason: "graph_gone" | "stale" | "paused" | "not_running" };

/** A worker's offer to start, in the completion's own step, the dependents that completion makes ready. */
export interface HandoffOffer {
  workerId: string;
  /** How many it can start now (free slots, counting the one the completing attempt gives back). */
  capacity: number;
  /** The non-default routes it serves; nodes on the default route are always served. */
  routes: readonly string[];
}

/** A node a completion started on the completing worker: its attempt, and what startNode would have returned. */
export interface HandedOffNode {
  nodeId: string;
  attempt: number;
  node: StartedNode;
}

export type CompletionOutcome =
  | { applied: true; graphStatus: string; handedOff: HandedOffNode[] }
  | { applied: false; reason: string };

export type ResultOutcome =
  | { applied: true; graphStatus: string; nodeStatus?: string }
  | { applied: false; reason: string };

/** How a failed attempt's retry is scheduled, beyond the node's retry policy. */
export interface FailureOptions {
  /** The least delay before the next attempt (a provider's Retry-After, the time until a breaker half-opens). */
  retryAfterMs?: number;
  /** The attempt never reached its provider (breaker open, provider busy): retry without spending the budget. */
  defer?: boolean;
  accounting?: AttemptAccounting;
}

/** Deferrals a node may take before its failures count again, so a provider that never recovers ends the graph. */
export const DEFAULT_MAX_DEFERRALS = 100;

function accountingArgs(accounting: AttemptAccounting | undefined): [string, number] {
  if (!accounting) return ["", 0];
  return [JSON.stringify(accounting), usdToNanos(accounting.costUsd)];
}

export interface GraphIndexEntry {
  graphId: string;
  createdAt: number;
}

export interface EngineObserver {
  /** Latency of one engine operation (a script call or a read), in seconds. */
  redisLatency?(operation: string, seconds: number): void;
}

const KNOWN_ROUTES_TTL_MS = 60_000;

export class Engine {
  readonly options: EngineOptions;
  private readonly redis: Redis;
  private readonly observer: EngineObserver;
  /**
   * Routes this process has already added to the global route set, so a submission costs no extra round trip
   * for them. Forgotten now and then, in case the set was lost (a flushed or replaced Redis).
   */
  private knownRoutes = new Set<string>();
  private knownRoutesSince = Date.now();

  constructor(redis: Redis, options: EngineOptions, observer: EngineObserver = {}) {
    this.redis = redis;
    this.options = options;
    this.observer = observer;
    registerScripts(redis);
  }

  /** Times one script call for the latency metric; nothing is measured when nobody listens. */
  private async timed<T>(operation: string, pending: Promise<T>): Promise<T> {
    const record = this.observer.redisLatency;
    if (!record) return pending;
    const began = performance.now();
    try {
      return await pending;
    } finally {
      record(operation, (performance.now() - began) / 1000);
    }
  }

  /** Ready nodes not yet started, per route, summed over partitions (XLEN: started entries are deleted). */
  async readyQueueDepth(): Promise<Array<{ route: string; depth: number }>> {
    const routes = [""].concat(await this.redis.smembers(routesKey(this.options.keyPrefix)));
    const pipeline = this.redis.pipeline();
    for (const route of routes) {
      for (let p = 0; p < this.options.partitions; p++) {
        pipeline.xlen(readyStreamKey(this.options.keyPrefix, p, route));
      }
    }
    const replies = (await pipeline.exec()) ?? [];
    return routes.map((route, r) => {
      let depth = 0;
      for (let p = 0; p < this.options.partitions; p++) {
        depth += Number(replies[r * this.options.partitions + p]?.[1] ?? 0);
      }
      return { route, depth };
    });
  }

  private head(partition: number): [string, string, number, number] {
    return [
      partitionPrefix(this.options.keyPrefix, partition),
      controlChannel(this.options.keyPrefix),
      this.options.logStreamMaxLen,
      this.options.retentionSeconds,
    ];
  }

  private graphHead(graphId: string): [string, string, number, number, string] {
    return [...this.head(partitionOf(graphId)), graphId];
  }

  /**
   * Adds the graph's routes to the global set workers read. A route new to the set is announced on the control
   * channel, so workers start reading its ready streams at once instead of at their next periodic refresh.
   */
  private async announceRoutes(graph: ResolvedGraph): Promise<void> {
    if (Date.now() - this.knownRoutesSince > KNOWN_ROUTES_TTL_MS) {
      this.knownRoutes = new Set();
      this.knownRoutesSince = Date.now();
    }
    const unknown = new Set<string>();
    for (const node of graph.nodes) {
      if (node.route !== "" && !this.knownRoutes.has(node.route)) unknown.add(node.route);
    }
    if (unknown.size === 0) return;
    const added = await this.redis.sadd(routesKey(this.options.keyPrefix), ...unknown);
    if (added > 0) {
      await this.redis.publish(controlChannel(this.options.keyPrefix), JSON.stringify({ kind: "routes" }));
    }
    for (const route of unknown) this.knownRoutes.add(route);
  }

  async submit(
    tenantId: string,
    graph: ResolvedGraph,
    idempotency?: { key: string; bodyHash: string },
  ): Promise<SubmitOutcome> {
    const partition = idempotency
      ? hashToPartition(`${tenantId}\n${idempotency.key}`, this.options.partitions)
      : Math.floor(Math.random() * this.options.partitions);
    await this.announceRoutes(graph);

    // A dependent with several dependencies is listed with a '*': the scripts keep its count of unresolved
    // dependencies in a counter instead of its JSON state (submitGraph, eachChild in core.lua).
    const children = new Map<string, string[]>();
    for (const node of graph.nodes) {
      const listed = node.dependsOn.length >= 2 ? `${node.id}*` : node.id;
      for (const dep of node.dependsOn) {
        const list = children.get(dep);
        if (list) list.push(listed);
        else children.set(dep, [listed]);
      }
    }
    const perNode: string[] = [];
    const nodeJson: string[] = [];
    for (const node of graph.nodes) {
      const json = JSON.stringify(node);
      nodeJson.push(json);
      perNode.push(
        node.id,
        json,
        (children.get(node.id) ?? []).join(","),
        JSON.stringify(initialNodeState(node)),
      );
    }
    // JSON.stringify({name, input, nodes}), reusing each node's text.
    const submitted = `{"name":${JSON.stringify(graph.name)},"input":${JSON.stringify(graph.input)},"nodes":[${nodeJson.join(",")}]}`;
    // The tenant rides along so a worker can label what it publishes (output deltas, metrics) without a read.
    const header = JSON.stringify({ name: graph.name, input: graph.input, tenant: tenantId });
    const order = JSON.stringify(graph.levels.flat());

    for (let tries = 0; tries < 3; tries++) {
      const graphId = newGraphId(partition);
      const keys = graphKeys(this.options.keyPrefix, graphId);
      const idemKey = idempotency
        ? idempotencyKey(this.options.keyPrefix, partition, tenantId, idempotency.key)
        : `${keys.meta}:idem`;
      const reply = await this.timed(
        "submit",
        this.redis.submitGraph(
          keys.meta,
          idemKey,
          ...this.head(partition),
          graphId,
          tenantId,
          graph.name,
          submitted,
          idempotency?.bodyHash ?? "",
          this.options.idempotencyTtlSeconds,
          header,
          order,
          graph.nodes.length,
          ...perNode,
        ),
      );
      const code = reply[0] as number;
      if (code === 1) {
        const meta = pairsToRecord(reply[2] as unknown as string[]);
        const nodes = pairsToRecord(reply[3] as unknown as string[]);
        const state = submittedGraphState(graphId, meta, nodes, graph);
        return { graphId, created: true, state };
      }
      if (code === 0) return { graphId: reply[1] as string, created: false };
      if (code === -5) {
        throw new DagoError(
          "idempotency_conflict",
          "this Idempotency-Key was already used with a different request body",
          [{ code: "idempotency_conflict", message: `first used for graph ${reply[1]}`, graphId: reply[1] }],
        );
      }
      // -1: the random id collided with an existing graph; draw another.
    }
    throw new Error("could not allocate a unique graph id");
  }

  /** The graph an Idempotency-Key already created, if any (it is kept for idempotencyTtlSeconds). */
  async idempotentGraph(tenantId: string, key: string): Promise<string | undefined> {
    const partition = hashToPartition(`${tenantId}\n${key}`, this.options.partitions);
    const record = await this.redis.get(idempotencyKey(this.options.keyPrefix, partition, tenantId, key));
    return record === null ? undefined : record.slice(0, record.indexOf("\n"));
  }

  async startNode(
    entry: { graphId: string; nodeId: string; attempt: number; stream: string; entryId: string },
    workerId: string,
    needHeader: boolean,
  ): Promise<StartOutcome> {
    const keys = graphKeys(this.options.keyPrefix, entry.graphId);
    const reply = await this.timed(
      "startNode",
      this.redis.startNode(
        keys.meta,
        entry.stream,
        ...this.graphHead(entry.graphId),
        entry.nodeId,
        entry.attempt,
        workerId,
        entry.entryId,
        this.options.leaseMs,
        needHeader ? "1" : "0",
      ),
    );
    const code = reply[0] as number;
    if (code !== 1) {
      const reason =
        code === -2 ? "graph_gone" : code === -6 ? "paused" : code === -7 ? "not_running" : "stale";
      return { started: false, reason };
    }
    const node: StartedNode = {
      spec: reply[1] as string,
      refs: readRefs(reply, 3, (reply.length - 3) / 3).refs,
    };
    if (reply[2]) node.header = reply[2] as string;
    return { started: true, node };
  }

  private resultOutcome(reply: ScriptReply): ResultOutcome {
    const code = reply[0] as number;
    if (code === 1) {
      const graphStatus = String(reply[reply.length - 1]);
      return reply.length === 3
        ? { applied: true, graphStatus, nodeStatus: String(reply[1]) }
        : { applied: true, graphStatus };
    }
    return notApplied(reply);
  }

  /**
   * Applies a successful attempt. With a hand-off offer, dependents it makes ready start on that worker in the
   * same step (up to `capacity`, on the routes it serves) and come back in `handedOff`, ready to run.
   */
  async completeNode(
    graphId: string,
    nodeId: string,
    attempt: number,
    outputJson: string,
    accounting?: AttemptAccounting,
    handoff?: HandoffOffer,
  ): Promise<CompletionOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const offer = handoff && handoff.capacity > 0 ? handoff : undefined;
    const reply = await this.timed(
      "completeNode",
      this.redis.completeNode(
        keys.meta,
        ...this.graphHead(graphId),
        nodeId,
        attempt,
        outputJson,
        ...accountingArgs(accounting),
        ...(offer
          ? [offer.workerId, this.options.leaseMs, offer.capacity, `,${offer.routes.join(",")},`]
          : []),
      ),
    );
    if (reply[0] !== 1) return notApplied(reply);
    const handedOff: HandedOffNode[] = [];
    let at = 3;
    for (let n = Number(reply[2] ?? 0); n > 0; n--) {
      const { refs, next } = readRefs(reply, at + 4, Number(reply[at + 3]));
      const node: StartedNode = { spec: reply[at + 2] as string, refs };
      handedOff.push({ nodeId: String(reply[at]), attempt: Number(reply[at + 1]), node });
      at = next;
    }
    return { applied: true, graphStatus: String(reply[1]), handedOff };
  }

  async failNode(
    graphId: string,
    nodeId: string,
    attempt: number,
    error: NodeError,
    options: FailureOptions = {},
  ): Promise<ResultOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const retryAfterMs = options.retryAfterMs;
    const reply = await this.timed(
      "failNode",
      this.redis.failNode(
        keys.meta,
        ...this.graphHead(graphId),
        nodeId,
        attempt,
        JSON.stringify(error),
        error.retryable ? "1" : "0",
        Math.random(),
        retryAfterMs !== undefined && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : "",
        options.defer ? "1" : "0",
        this.options.maxDeferrals ?? DEFAULT_MAX_DEFERRALS,
        ...accountingArgs(options.accounting),
      ),
    );
    return this.resultOutcome(reply);
  }

  async skipNode(graphId: string, nodeId: string, attempt: number): Promise<ResultOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "skipNode",
      this.redis.skipNode(keys.meta, ...this.graphHead(graphId), nodeId, attempt),
    );
    return this.resultOutcome(reply);
  }

  /** Extends the leases of one graph's running attempts; false for an attempt that is no longer current. */
  async heartbeat(graphId: string, attempts: Array<{ nodeId: string; attempt: number }>): Promise<boolean[]> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const args = attempts.flatMap((a) => [a.nodeId, a.attempt]);
    const reply = await this.timed(
      "heartbeat",
      this.redis.heartbeat(keys.nodes, keys.timers, graphId, this.options.leaseMs, ...args),
    );
    return reply.map((ok) => ok === 1);
  }

  /**
   * Hands a running attempt back (its worker is shutting down): the node is dispatched again at once with the
   * next attempt. False when the attempt was no longer current, so there was nothing to hand back.
   */
  async releaseNode(graphId: string, nodeId: string, attempt: number, workerId: string): Promise<boolean> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "releaseNode",
      this.redis.releaseNode(keys.meta, ...this.graphHead(graphId), nodeId, attempt, workerId),
    );
    return reply[0] === 1;
  }

  async pause(graphId: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    this.checkControl(await this.redis.pauseGraph(keys.meta, ...this.graphHead(graphId)), graphId, "pause");
  }

  async resume(graphId: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    this.checkControl(await this.redis.resumeGraph(keys.meta, ...this.graphHead(graphId)), graphId, "resume");
  }

  async cancel(graphId: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    this.checkControl(await this.redis.cancelGraph(keys.meta, ...this.graphHead(graphId)), graphId, "cancel");
  }

  async retryNode(graphId: string, nodeId: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.retryNode(keys.meta, ...this.graphHead(graphId), nodeId);
    const code = reply[0] as number;
    if (code === -4) throw new DagoError("not_found", `graph ${graphId} has no node ${nodeId}`);
    if (code === -9) {
      throw new DagoError(
        "invalid_transition",
        `node ${nodeId} is ${reply[1]}; only a failed node can be retried`,
        [{ code: "node_not_failed", message: `node status is ${reply[1]}`, nodeId, status: reply[1] }],
      );
    }
    this.checkControl(reply, graphId, "retry a node of");
  }

  private checkControl(reply: ScriptReply, graphId: string, action: string): void {
    const code = reply[0] as number;
    if (code === 1) return;
    if (code === -2) throw new DagoError("not_found", `graph ${graphId} not found`);
    if (code === -8) {
      const status = reply[1] as GraphStatus;
      throw new DagoError("invalid_transition", `cannot ${action} a graph that is ${status}`, [
        { code: "graph_status", message: `graph status is ${status}`, status },
      ]);
    }
    throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
  }

  /** Fires due timers of one partition: how many were due, how many changed a node, when the next is due. */
  async promoteTimers(
    partition: number,
    limit = 500,
  ): Promise<{ taken: number; fired: number; nextDueAt: number }> {
    const reply = await this.timed(
      "promoteTimers",
      this.redis.promoteTimers(
        timersKey(this.options.keyPrefix, partition),
        ...this.head(partition),
        limit,
        this.options.maxLeaseLosses,
        Math.random(),
      ),
    );
    return { taken: reply[0] as number, fired: reply[1] as number, nextDueAt: reply[2] as number };
  }

  async getState(graphId: string): Promise<GraphState | undefined> {
    const raw = await readRawProjection(this.redis, this.options.keyPrefix, graphId);
    return raw && toGraphState(graphId, raw);
  }

  /** When a graph started and ended, read without building its whole state (for the duration metric). */
  async graphTimes(graphId: string): Promise<{ startedAt?: number; endedAt?: number }> {
    const [startedAt, endedAt] = await this.redis.hmget(
      graphKeys(this.options.keyPrefix, graphId).meta,
      "startedAt",
      "endedAt",
    );
    return {
      ...(startedAt ? { startedAt: Number(startedAt) } : {}),
      ...(endedAt ? { endedAt: Number(endedAt) } : {}),
    };
  }

  async graphTenant(graphId: string): Promise<string | undefined> {
    const tenant = await this.redis.hget(graphKeys(this.options.keyPrefix, graphId).meta, "tenant");
    return tenant ?? undefined;
  }

  /** Events after `after` (exclusive), oldest first. */
  async readEvents(
    graphId: string,
    tenantId: string,
    after: string | undefined,
    limit: number,
  ): Promise<GraphEvent[]> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const start = after ? `(${after}` : "-";
    const entries = (await this.redis.xrange(keys.events, start, "+", "COUNT", limit)) as StreamEntry[];
    return entries.map((entry) => decodeEvent(graphId, tenantId, entry));
  }

  /**
   * One page of a tenant's graphs, newest first, merged over all partitions. `cursor` is the last index member
   * of the previous page ("<createdAt>|<graphId>").
   */
  async listGraphIds(
    tenantId: string,
    status: GraphStatus | undefined,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ entries: GraphIndexEntry[]; nextCursor?: string }> {
    const pipeline = this.redis.pipeline();
    const max = cursor ? `(${cursor}` : "+";
    for (let p = 0; p < this.options.partitions; p++) {
      const key = tenantIndexKey(this.options.keyPrefix, p, tenantId, status);
      pipeline.zrange(key, max, "-", "BYLEX", "REV", "LIMIT", 0, limit + 1);
    }
    const replies = (await pipeline.exec()) ?? [];
    const members: string[] = [];
    for (const [err, value] of replies) {
      if (err) throw err;
      members.push(...(value as string[]));
    }
    members.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    const page = members.slice(0, limit);
    const entries = page.map((member) => {
      const sep = member.indexOf("|");
      return { createdAt: Number(member.slice(0, sep)), graphId: member.slice(sep + 1) };
    });
    const last = page[page.length - 1];
    return members.length > limit && last ? { entries, nextCursor: last } : { entries };
  }

  /** Drops the index entries (every status) of a graph whose keys expired under the retention policy. */
  async pruneIndex(tenantId: string, graphId: string, createdAt: number): Promise<void> {
    const p = partitionOf(graphId);
    const member = `${createdAt}|${graphId}`;
    const multi = this.redis.multi().zrem(tenantIndexKey(this.options.keyPrefix, p, tenantId), member);
    for (const status of GRAPH_STATUSES) {
      multi.zrem(tenantIndexKey(this.options.keyPrefix, p, tenantId, status), member);
    }
    await multi.exec();
  }
}

/** A Redis field/value list as a record; node ids such as "__proto__" stay plain keys. */
function pairsToRecord(list: readonly string[]): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < list.length; i += 2) record[list[i] as string] = list[i + 1] as string;
  return record;
}

/** Reads `count` (ref, output|false, state) triples of a script reply from `at`. */
function readRefs(
  reply: ScriptReply,
  at: number,
  count: number,
): { refs: StartedNode["refs"]; next: number } {
  const refs: StartedNode["refs"] = [];
  let i = at;
  for (let r = 0; r < count; r++, i += 3) {
    const ref: StartedNode["refs"][number] = { nodeId: reply[i] as string };
    if (reply[i + 1] != null) ref.output = reply[i + 1] as string;
    if (reply[i + 2] != null) ref.state = reply[i + 2] as string;
    refs.push(ref);
  }
  return { refs, next: i };
}

function notApplied(reply: ScriptReply): { applied: false; reason: string } {
  if (reply[0] === -2) return { applied: false, reason: "graph_gone" };
  return { applied: false, reason: `attempt is no longer current (node ${reply[1]}, attempt ${reply[2]})` };
}
