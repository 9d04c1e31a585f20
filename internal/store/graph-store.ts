// The TypeScript side of the engine: builds each script's KEYS/ARGV, calls it, and turns the outcome that
// decode-reply.ts reads from its reply into a typed result or a DagoError. It never reads state, decides and writes
// back: the scripts do that.

import type { Redis } from "ioredis";
import type { GraphSummary } from "../contract/graph-views.js";
import type { GraphEvent, NodeError } from "../domain/events.js";
import type { BudgetAccount } from "../domain/graph-budget.js";
import { type GraphOrigin, ORIGIN_FIELDS } from "../domain/graph-origin.js";
import type { ResolvedGraph, ResolvedNode } from "../domain/graph-spec.js";
import { type Decision, GRAPH_STATUSES, type GraphState, type GraphStatus } from "../domain/state.js";
import { type AttemptAccounting, usdToNanos } from "../domain/usage.js";
import { DagoError } from "../errors/index.js";
import { type DecisionOutcome, type DecisionRequest, decodeDecision } from "./decision-outcome.js";
import {
  decodeCompletion,
  decodeControl,
  decodeHeartbeat,
  decodePatch,
  decodeRelease,
  decodeResult,
  decodeStart,
  decodeSubmit,
  decodeTimers,
} from "./decode-reply.js";
import { decodeEvent, type StreamEntry } from "./event-codec.js";
import { type EventPageQuery, readEventPage, type StoredEventPage } from "./event-page.js";
import type { GraphStoreOptions } from "./graph-store-options.js";
import { readGraphSummaries } from "./graph-summaries.js";
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
import { readGraphBudget } from "./llm/budget-gate.js";
import { type PatchToApply, patchArgs, patchBaseOf, type StoredPatchBase } from "./patch-args.js";
import {
  initialNodeState,
  readRawProjection,
  type StoredNodeState,
  submittedGraphState,
  toGraphState,
} from "./projection.js";
import { ScriptCode } from "./script-codes.js";
import { registerScripts } from "./script-loader.js";
import type {
  CompletionOutcome,
  ControlOutcome,
  GraphHeader,
  PatchOutcome,
  ResultOutcome,
  StartOutcome,
  TimersOutcome,
} from "./script-outcomes.js";
import { decodeCompletionOutcome, decodeStartOutcome } from "./started-node.js";
import {
  readWaitingEntries,
  readWaitingNodes,
  type WaitingCursor,
  type WaitingNode,
} from "./waiting-decisions.js";

export type { PatchToApply } from "./patch-args.js";
export type {
  CompletionOutcome,
  GraphHeader,
  HandedOffNode,
  ReferencedNode,
  ResultOutcome,
  ResultRefusal,
  StartedNode,
  StartOutcome,
} from "./script-outcomes.js";

export interface SubmitOutcome {
  graphId: string;
  created: boolean;
  /** The new graph's state as the submission left it (absent for an idempotent repeat: read it). */
  state?: GraphState;
}

/** What a completion may carry besides the output: its executor's patch, or, for a loop's last iteration, the loop's output. */
export type CompletionExtra = { patch: PatchToApply } | { loopOutput: string };

/** A worker's offer to start, in the completion's own step, the dependents that completion makes ready. */
export interface HandoffOffer {
  workerId: string;
  /** How many it can start now (free slots, counting the one the completing attempt gives back). */
  capacity: number;
  /** The non-default routes it serves; nodes on the default route are always served. */
  routes: readonly string[];
}

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

export class GraphStore {
  readonly options: GraphStoreOptions;
  private readonly redis: Redis;
  private readonly observer: EngineObserver;
  /**
   * Routes this process has already added to the global route set, so a submission costs no extra round trip
   * for them. Forgotten now and then, in case the set was lost (a flushed or replaced Redis).
   */
  private knownRoutes = new Set<string>();
  private knownRoutesSince = Date.now();

  constructor(redis: Redis, options: GraphStoreOptions, observer: EngineObserver = {}) {
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
  private async announceRoutes(nodes: ReadonlyArray<Pick<ResolvedNode, "route">>): Promise<void> {
    if (Date.now() - this.knownRoutesSince > KNOWN_ROUTES_TTL_MS) {
      this.knownRoutes = new Set();
      this.knownRoutesSince = Date.now();
    }
    const unknown = new Set<string>();
    for (const node of nodes) {
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
    idempotency: { key: string; bodyHash: string } | undefined,
    by: string,
    origin: GraphOrigin = {},
  ): Promise<SubmitOutcome> {
    const partition = idempotency
      ? hashToPartition(`${tenantId}\n${idempotency.key}`, this.options.partitions)
      : Math.floor(Math.random() * this.options.partitions);
    await this.announceRoutes(graph.nodes);

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
    // JSON.stringify({name, input, budget, nodes, by}), reusing each node's text; `by` is who submitted it (actorOf).
    const budgetJson = graph.budget === undefined ? "" : `,"budget":${JSON.stringify(graph.budget)}`;
    let originJson = "";
    for (const field of ORIGIN_FIELDS) {
      if (origin[field] !== undefined) originJson += `,"${field}":${JSON.stringify(origin[field])}`;
    }
    const submitted = `{"name":${JSON.stringify(graph.name)},"input":${JSON.stringify(graph.input)}${budgetJson},"nodes":[${nodeJson.join(",")}],"by":${JSON.stringify(by)}${originJson}}`;
    // The tenant rides along so a worker can label what it publishes (output deltas, metrics) without a read; the
    // budget so it can reserve each LLM call against it.
    const header = JSON.stringify({
      name: graph.name,
      input: graph.input,
      tenant: tenantId,
      ...(graph.budget === undefined ? {} : { budget: graph.budget }),
      ...origin,
    });
    const order = JSON.stringify(graph.levels.flat());
    const defaults = graph.defaults === undefined ? "" : JSON.stringify(graph.defaults);

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
          defaults,
          graph.nodes.length,
          ...perNode,
        ),
      );
      const outcome = decodeSubmit(reply);
      if (outcome.created) {
        const state = submittedGraphState(graphId, outcome.meta, outcome.nodes, { ...graph, ...origin });
        return { graphId, created: true, state };
      }
      if (outcome.reason === "duplicate") return { graphId: outcome.graphId, created: false };
      if (outcome.reason === "idempotency_conflict") {
        throw new DagoError(
          "idempotency_conflict",
          "this Idempotency-Key was already used with a different request body",
          [
            {
              code: "idempotency_conflict",
              message: `first used for graph ${outcome.graphId}`,
              graphId: outcome.graphId,
            },
          ],
        );
      }
      // id_taken: the random id collided with an existing graph; draw another.
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
    return decodeStartOutcome(decodeStart(reply));
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
    extra?: CompletionExtra,
  ): Promise<CompletionOutcome> {
    const patch = extra && "patch" in extra ? extra.patch : undefined;
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const offer = handoff && handoff.capacity > 0 ? handoff : undefined;
    if (patch) await this.announceRoutes(patch.patch.addNodes);
    const offerArgs = offer
      ? [offer.workerId, this.options.leaseMs, offer.capacity, `,${offer.routes.join(",")},`]
      : extra
        ? ["", 0, 0, ","]
        : [];
    const extraArgs = patch
      ? ["1", ...patchArgs(patch)]
      : extra
        ? ["2", (extra as { loopOutput: string }).loopOutput]
        : [];
    const reply = await this.timed(
      "completeNode",
      this.redis.completeNode(
        keys.meta,
        ...this.graphHead(graphId),
        nodeId,
        attempt,
        outputJson,
        ...accountingArgs(accounting),
        ...offerArgs,
        ...extraArgs,
      ),
    );
    return decodeCompletionOutcome(decodeCompletion(reply));
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
    return decodeResult(reply);
  }

  async skipNode(graphId: string, nodeId: string, attempt: number): Promise<ResultOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "skipNode",
      this.redis.skipNode(keys.meta, ...this.graphHead(graphId), nodeId, attempt),
    );
    return decodeResult(reply);
  }

  /** Extends the leases of one graph's running attempts; false for an attempt that is no longer current. */
  async heartbeat(graphId: string, attempts: Array<{ nodeId: string; attempt: number }>): Promise<boolean[]> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const args = attempts.flatMap((a) => [a.nodeId, a.attempt]);
    const reply = await this.timed(
      "heartbeat",
      this.redis.heartbeat(keys.nodes, keys.timers, graphId, this.options.leaseMs, ...args),
    );
    return decodeHeartbeat(reply);
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
    return decodeRelease(reply).released;
  }

  /** `by` is who acted (actorOf), recorded on the events the control scripts append. */
  async pause(graphId: string, by: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.pauseGraph(keys.meta, ...this.graphHead(graphId), by);
    this.checkControl(decodeControl(reply), graphId, "pause");
  }

  async resume(graphId: string, by: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.resumeGraph(keys.meta, ...this.graphHead(graphId), by);
    this.checkControl(decodeControl(reply), graphId, "resume");
  }

  async cancel(graphId: string, by: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.cancelGraph(keys.meta, ...this.graphHead(graphId), by);
    this.checkControl(decodeControl(reply), graphId, "cancel");
  }

  async retryNode(graphId: string, nodeId: string, by: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.retryNode(keys.meta, ...this.graphHead(graphId), nodeId, by);
    const outcome = decodeControl(reply);
    if (!outcome.applied && outcome.reason === "no_such_node") {
      throw new DagoError("not_found", `graph ${graphId} has no node ${nodeId}`);
    }
    if (!outcome.applied && outcome.reason === "node_not_failed") {
      const status = outcome.nodeStatus;
      throw new DagoError(
        "invalid_transition",
        `node ${nodeId} is ${status}; only a failed node can be retried`,
        [{ code: "node_not_failed", message: `node status is ${status}`, nodeId, status }],
      );
    }
    if (!outcome.applied && outcome.reason === "container_expanded") {
      const container = outcome.nodeId;
      throw new DagoError(
        "invalid_transition",
        `node ${container} is a map or loop that already added its children; a retry would run it again, so it is refused`,
        [{ code: "container_expanded", message: `${container} already expanded`, nodeId: container }],
      );
    }
    this.checkControl(outcome, graphId, "retry a node of");
  }

  /**
   * Pins a node that has not started to `worker` (undefined: unpins it), recording `by`. The node's new route is
   * announced after the step: a moved ready node waits in that route's stream until its worker reads it.
   */
  async assignNode(graphId: string, nodeId: string, worker: string | undefined, by: string): Promise<void> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "assign",
      this.redis.assignNode(keys.meta, ...this.graphHead(graphId), nodeId, worker ?? "", by),
    );
    if (reply[0] === ScriptCode.ok) {
      await this.announceRoutes([{ route: String(reply[1]) }]);
      return;
    }
    if (reply[0] === ScriptCode.nodeStarted) {
      const status = String(reply[2]);
      throw new DagoError(
        "invalid_transition",
        `node ${nodeId} is ${status}; only a node that has not started (pending or ready) can be assigned`,
        [{ code: "node_started", message: `node status is ${status}`, nodeId, status }],
      );
    }
    const outcome = decodeControl(reply);
    if (!outcome.applied && outcome.reason === "no_such_node") {
      throw new DagoError("not_found", `graph ${graphId} has no node ${nodeId}`);
    }
    this.checkControl(outcome, graphId, "assign a node of");
  }

  /** Throws the DagoError a refused pause, resume, cancel or retry answers with. */
  private checkControl(outcome: ControlOutcome, graphId: string, action: string): void {
    if (outcome.applied) return;
    if (outcome.reason === "graph_gone") throw new DagoError("not_found", `graph ${graphId} not found`);
    if (outcome.reason === "graph_status") {
      const status = outcome.status;
      throw new DagoError("invalid_transition", `cannot ${action} a graph that is ${status}`, [
        { code: "graph_status", message: `graph status is ${status}`, status },
      ]);
    }
    throw new Error(`unexpected script outcome ${JSON.stringify(outcome)}`);
  }

  /** Fires due timers of one partition: how many were due, how many changed a node, when the next is due. */
  async promoteTimers(partition: number, limit = 500): Promise<TimersOutcome> {
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
    return decodeTimers(reply);
  }

  /** The graph's budget and where it stands, or undefined when its spec has none. */
  async graphBudget(graphId: string): Promise<BudgetAccount | undefined> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const header = await this.timed("graphBudget", this.redis.hget(keys.spec, ":graph"));
    const budget = header ? (JSON.parse(header) as GraphHeader).budget : undefined;
    return budget && readGraphBudget(this.redis, this.options.keyPrefix, graphId, budget);
  }

  async getState(graphId: string): Promise<GraphState | undefined> {
    const raw = await readRawProjection(this.redis, this.options.keyPrefix, graphId);
    return raw && toGraphState(graphId, raw);
  }

  /**
   * The error a node's state holds: the last failed attempt's, kept until the node succeeds. A plain read: the
   * attempt that asks only learns from it, and decides nothing the engine has not already decided.
   */
  async nodeError(graphId: string, nodeId: string): Promise<NodeError | undefined> {
    const raw = await this.timed(
      "nodeError",
      this.redis.hget(graphKeys(this.options.keyPrefix, graphId).nodes, nodeId),
    );
    if (raw === null) return undefined;
    return (JSON.parse(raw) as StoredNodeState).e ?? undefined;
  }

  /**
   * A running node begins to wait for a decision (an approval): it gives up its lease and its worker's slot.
   * `timeoutMs` 0 waits until someone decides.
   */
  async awaitDecision(
    graphId: string,
    nodeId: string,
    attempt: number,
    wait: { prompt: string; timeoutMs: number; onTimeout: string },
  ): Promise<ResultOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "waitNode",
      this.redis.waitNode(
        keys.meta,
        ...this.graphHead(graphId),
        nodeId,
        attempt,
        wait.prompt,
        wait.timeoutMs,
        wait.onTimeout,
      ),
    );
    return decodeResult(reply);
  }

  /** Records a person's decision on a waiting node (see decideNode-1.lua), once per wait. */
  async decide(graphId: string, request: DecisionRequest): Promise<DecisionOutcome> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.redis.decideNode(
      keys.meta,
      ...this.graphHead(graphId),
      request.nodeId,
      request.tenantId,
      request.approved ? "1" : "0",
      request.by,
      JSON.stringify(request.comment),
      request.dataJson,
      request.idempotencyKey ?? "",
      request.digest,
    );
    return decodeDecision(reply);
  }

  /** The tenant's nodes that wait for a decision, oldest first: `limit` of them past `cursor`, plus one more. */
  async waitingDecisions(tenantId: string, limit: number, cursor?: WaitingCursor): Promise<WaitingNode[]> {
    const { keyPrefix, partitions } = this.options;
    const entries = await readWaitingEntries(this.redis, keyPrefix, partitions, tenantId, limit, cursor);
    return readWaitingNodes(this.redis, keyPrefix, entries);
  }

  /** A node's resolved spec, or undefined when the graph or the node does not exist. */
  async nodeSpec(graphId: string, nodeId: string): Promise<ResolvedNode | undefined> {
    const raw = await this.redis.hget(graphKeys(this.options.keyPrefix, graphId).spec, nodeId);
    return raw === null || nodeId.startsWith(":") ? undefined : (JSON.parse(raw) as ResolvedNode);
  }

  /** The decision recorded on a node that waited, which the worker taking it next applies; undefined if none. */
  async nodeDecision(graphId: string, nodeId: string): Promise<Decision | undefined> {
    const raw = await this.timed(
      "nodeDecision",
      this.redis.hget(graphKeys(this.options.keyPrefix, graphId).nodes, nodeId),
    );
    if (raw === null) return undefined;
    const dc = (JSON.parse(raw) as StoredNodeState).dc;
    return dc === undefined ? undefined : (JSON.parse(dc) as Decision);
  }

  /** The graph as a patch is validated against, read in one snapshot; undefined when it does not exist. */
  async patchBase(graphId: string): Promise<StoredPatchBase | undefined> {
    const raw = await readRawProjection(this.redis, this.options.keyPrefix, graphId);
    return raw && patchBaseOf(raw);
  }

  /**
   * Applies a client's patch if the graph is still at the structure it was validated against and, when given, at
   * `expectedVersion`. Announces the routes of added nodes first, so workers read their streams.
   */
  async patch(
    graphId: string,
    expectedVersion: number | undefined,
    toApply: PatchToApply,
  ): Promise<PatchOutcome> {
    await this.announceRoutes(toApply.patch.addNodes);
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "patchGraph",
      this.redis.patchGraph(
        keys.meta,
        ...this.graphHead(graphId),
        expectedVersion === undefined ? "" : expectedVersion,
        ...patchArgs(toApply),
      ),
    );
    return decodePatch(reply);
  }

  /**
   * A running map takes its list: the children in `toApply` are added in the map's own step, at most
   * `concurrency` of them ready at once, and the map runs until its last child ends.
   */
  async expandNode(
    graphId: string,
    nodeId: string,
    attempt: number,
    concurrency: number,
    toApply: PatchToApply,
  ): Promise<CompletionOutcome> {
    await this.announceRoutes(toApply.patch.addNodes);
    const keys = graphKeys(this.options.keyPrefix, graphId);
    const reply = await this.timed(
      "expandNode",
      this.redis.expandNode(
        keys.meta,
        ...this.graphHead(graphId),
        nodeId,
        attempt,
        concurrency,
        ...patchArgs(toApply),
      ),
    );
    return decodeCompletionOutcome(decodeCompletion(reply));
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

  /** One page of the graph's history for the events API, optionally only events of some types (event-page.ts). */
  eventPage(graphId: string, tenantId: string, query: EventPageQuery): Promise<StoredEventPage> {
    const keys = graphKeys(this.options.keyPrefix, graphId);
    return this.timed("readEvents", readEventPage(this.redis, keys.events, { graphId, tenantId }, query));
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

  /** The list view of each graph, in order; undefined for one whose keys expired. */
  graphSummaries(graphIds: readonly string[]): Promise<Array<GraphSummary | undefined>> {
    return readGraphSummaries(this.redis, this.options.keyPrefix, graphIds);
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
