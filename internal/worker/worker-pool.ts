// A pool of `poolSize` execution slots in one process. One blocking connection reads ready nodes from every
// partition's ready streams (the routes this worker can serve) through the consumer group "workers"; each entry
// is started by an atomic script, run, and reported. Leases are kept fresh by heartbeats; entries a dead worker
// read but never started are reclaimed with XAUTOCLAIM.
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../domain/state.js";
import { compareStreamIdTexts } from "../domain/stream-id.js";
import type { Logger } from "../observability/logger.js";
import { fieldMap } from "../store/event-codec.js";
import type { GraphStore, HandoffOffer, StartedNode } from "../store/graph-store.js";
import {
  controlChannel,
  isGraphId,
  outputDeltaChannel,
  readyStreamKey,
  routesKey,
  workerKey,
  workersKey,
} from "../store/keys.js";
import { NodeExecutionError } from "./executor.js";
import type { ExecutorRegistry } from "./executor-registry.js";
import { NodeRunner, type RunningAttempt, type RunOutcome, type RunResult } from "./node-runner.js";

export const CONSUMER_GROUP = "workers";

export interface WorkerPoolOptions {
  id: string;
  poolSize: number;
  capabilities: string[];
  keyPrefix: string;
  partitions: number;
  leaseMs: number;
  heartbeatMs: number;
  maxOutputBytes: number;
  /** How long one XREADGROUP blocks; bounds how fast stop() is noticed. */
  blockMs?: number;
  routeRefreshMs?: number;
  /**
   * How long a slot may pass straight from a node to a dependent its completion made ready (1000 ms). After
   * that the dependent queues in its ready stream behind what waited meanwhile, so a long chain cannot keep a
   * slot from other graphs' work when every slot is busy.
   */
  handoffRunMs?: number;
}

const DEFAULT_HANDOFF_RUN_MS = 1000;

export interface WorkerPoolObserver {
  /** An attempt started here: read from a ready stream, or handed on by a completion. */
  nodeStarted?(via: "stream" | "handoff"): void;
  nodeFinished?(type: string, outcome: RunOutcome, durationMs: number): void;
  graphEnded?(graphId: string, status: string): void;
  utilization?(busy: number, size: number): void;
}

interface ReadyEntry {
  stream: string;
  entryId: string;
  graphId: string;
  nodeId: string;
  attempt: number;
  priority: number;
}

interface GraphHeader {
  name: string;
  input: Record<string, unknown>;
  /** Absent in graphs submitted by an older version; then read once from the graph's meta. */
  tenant?: string;
}

const HEADER_CACHE_SIZE = 1000;

export class WorkerPool {
  private readonly runner: NodeRunner;
  /**
   * Engines on separate Redis connections; attempts take them in turn. With one connection every call of a tick
   * goes out in one pipelined write and the replies come back together, so Redis and this process take turns
   * idling; with several, Redis runs one connection's batch while this process handles another's replies.
   */
  private readonly lanes: GraphStore[];
  private nextLane = 0;
  /** The first lane: heartbeats, hand-backs and reads. */
  private readonly engine: GraphStore;
  private readonly running = new Map<string, RunningAttempt>();
  private readonly tasks = new Set<Promise<void>>();
  private buffer: ReadyEntry[] = [];
  private streams: string[] = [];
  private readonly groupsReady = new Set<string>();
  private readonly headers = new Map<string, GraphHeader>();
  private stopping = false;
  private stopped?: Promise<void>;
  /** Set once the grace period is over: an attempt whose start lands now is handed back at once. */
  private handingBack = false;
  private fetchLoop?: Promise<void>;
  private readonly timers: NodeJS.Timeout[] = [];
  private heartbeatTimer?: NodeJS.Timeout;
  private slotFreed?: () => void;
  /** Slots promised to completions in flight, for the dependents they may hand back to this worker. */
  private reserved = 0;
  /** The non-default routes this worker serves (its ready streams), offered with each completion. */
  private routes: string[] = [];
  private readonly startedAt = Date.now();
  private blockingClientId?: number;

  constructor(
    private readonly redis: Redis,
    private readonly blocking: Redis,
    private readonly subscriber: Redis,
    engines: GraphStore | readonly GraphStore[],
    private readonly registry: ExecutorRegistry,
    private readonly logger: Logger,
    private readonly options: WorkerPoolOptions,
    private readonly observer: WorkerPoolObserver = {},
  ) {
    this.lanes = Array.isArray(engines) ? [...engines] : [engines as GraphStore];
    if (this.lanes.length === 0) throw new Error("a worker pool needs an engine");
    this.engine = this.lanes[0] as GraphStore;
    const deltas = outputDeltaChannel(options.keyPrefix);
    this.runner = new NodeRunner(registry, logger, {
      maxOutputBytes: options.maxOutputBytes,
      publishDelta: (message) => redis.publish(deltas, message),
    });
  }

  get id(): string {
    return this.options.id;
  }

  get busy(): number {
    return this.running.size;
  }

  private capabilities(): Set<string> {
    return new Set([...this.options.capabilities, ...this.registry.routingCapabilities()]);
  }

  async start(): Promise<void> {
    await this.refreshRoutes();
    await this.subscriber.subscribe(controlChannel(this.options.keyPrefix));
    this.subscriber.on("message", (_channel: string, message: string) => this.onControl(message));
    await this.register();
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => {
        fn().catch((err: unknown) => this.logger.warn("worker background task failed", { err }));
      }, ms);
      timer.unref();
      this.timers.push(timer);
      return timer;
    };
    this.heartbeatTimer = every(this.options.heartbeatMs, () => this.heartbeat());
    every(this.options.routeRefreshMs ?? 2000, () => this.refreshRoutes());
    every(Math.max(250, Math.floor(this.options.leaseMs / 2)), () => this.reclaim());
    this.trackBlockingClientId();
    this.fetchLoop = this.fetch();
    this.logger.info("worker pool started", {
      workerId: this.options.id,
      poolSize: this.options.poolSize,
      capabilities: [...this.capabilities()],
      nodeTypes: this.registry.types(),
    });
  }

  /**
   * Stops taking work at once and gives running attempts `graceMs` to finish (their leases are still renewed
   * meanwhile). What still runs after that is handed back: aborted here and released through the engine, so
   * another worker runs it at once instead of after its lease expired. Entries read but not started are left to
   * XAUTOCLAIM, as after a crash.
   */
  stop(graceMs: number): Promise<void> {
    this.stopped ??= this.shutdown(graceMs);
    return this.stopped;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    // Heartbeats go on through the grace period: a lease that expired meanwhile would give a node still running
    // here to another worker, and this worker's result would then be refused.
    for (const timer of this.timers) if (timer !== this.heartbeatTimer) clearInterval(timer);
    this.slotFreed?.();
    this.blocking.disconnect();
    await this.fetchLoop?.catch(() => undefined);
    this.logger.info("worker pool stopping", {
      workerId: this.options.id,
      running: this.running.size,
      graceMs,
    });
    const all = Promise.allSettled([...this.tasks]);
    const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([all, grace]);
    if (this.running.size > 0) await this.handBackRunning();
    await all;
    clearInterval(this.heartbeatTimer);
    await this.redis
      .multi()
      .zrem(workersKey(this.options.keyPrefix), this.options.id)
      .del(workerKey(this.options.keyPrefix, this.options.id))
      .exec()
      .catch(() => undefined);
    await this.subscriber.unsubscribe().catch(() => undefined);
    this.logger.info("worker pool stopped", { workerId: this.options.id });
  }

  /** Aborts every attempt still running and releases it, so the engine dispatches it again at once. */
  private async handBackRunning(): Promise<void> {
    this.handingBack = true;
    const attempts = [...this.running.values()];
    const released = await Promise.all(
      attempts.map((attempt) => {
        attempt.abandoned = true;
        attempt.controller.abort(new NodeExecutionError("worker_stopping", "the worker is shutting down"));
        return this.release(attempt);
      }),
    );
    this.logger.info("handed running nodes back", {
      workerId: this.options.id,
      handedBack: released.filter(Boolean).length,
      running: attempts.length,
    });
  }

  private async release(attempt: RunningAttempt): Promise<boolean> {
    try {
      return await this.engine.releaseNode(attempt.graphId, attempt.nodeId, attempt.attempt, this.options.id);
    } catch (err) {
      this.logger.warn("could not hand a node back; another worker takes it once its lease expires", {
        err,
        graphId: attempt.graphId,
        nodeId: attempt.nodeId,
        attempt: attempt.attempt,
      });
      return false;
    }
  }

  private async refreshRoutes(): Promise<void> {
    const caps = this.capabilities();
    const routes = await this.redis.smembers(routesKey(this.options.keyPrefix));
    const eligible = [""].concat(
      routes.filter((route) => route.split("+").every((cap) => caps.has(cap))).sort(),
    );
    const streams: string[] = [];
    for (let p = 0; p < this.options.partitions; p++) {
      for (const route of eligible) streams.push(readyStreamKey(this.options.keyPrefix, p, route));
    }
    for (const stream of streams) {
      if (this.groupsReady.has(stream)) continue;
      await this.ensureGroup(stream);
    }
    this.streams = streams;
    this.routes = eligible.slice(1);
  }

  private async ensureGroup(stream: string): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", stream, CONSUMER_GROUP, "0", "MKSTREAM");
    } catch (err) {
      if (!String((err as Error).message).startsWith("BUSYGROUP")) throw err;
    }
    this.groupsReady.add(stream);
  }

  private freeSlots(): number {
    return this.options.poolSize - this.running.size - this.buffer.length - this.reserved;
  }

  /**
   * Offered with a completion, so the dependents it makes ready start here without a trip through a ready
   * stream: the slots free now, reserved until the reply is in (free slots mean the streams had nothing
   * waiting), and the completing attempt's own slot while its run of hand-offs is younger than handoffRunMs.
   */
  private handoffOffer(attempt: RunningAttempt): { offer?: HandoffOffer; reserved: number } {
    if (this.stopping) return { reserved: 0 };
    const runMs = this.options.handoffRunMs ?? DEFAULT_HANDOFF_RUN_MS;
    const ownSlot = performance.now() - attempt.runStartedAt < runMs ? 1 : 0;
    const extra = Math.max(0, this.freeSlots());
    if (ownSlot + extra === 0) return { reserved: 0 };
    this.reserved += extra;
    return {
      offer: { workerId: this.options.id, capacity: ownSlot + extra, routes: this.routes },
      reserved: extra,
    };
  }

  private async fetch(): Promise<void> {
    let backoffMs = 100;
    while (!this.stopping) {
      const free = this.freeSlots();
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          this.slotFreed = resolve;
        });
        continue;
      }
      try {
        const reply = (await this.blocking.xreadgroup(
          "GROUP",
          CONSUMER_GROUP,
          this.options.id,
          "COUNT",
          free,
          "BLOCK",
          this.options.blockMs ?? 2000,
          "STREAMS",
          ...this.streams,
          ...this.streams.map(() => ">"),
        )) as Array<[string, Array<[string, string[]]>]> | null;
        backoffMs = 100;
        if (reply) this.accept(reply);
      } catch (err) {
        if (this.stopping) return;
        const message = String((err as Error).message);
        if (message.startsWith("NOGROUP")) {
          this.groupsReady.clear();
          await this.refreshRoutes().catch(() => undefined);
        } else {
          this.logger.warn("reading ready streams failed; retrying", { err, retryInMs: backoffMs });
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  private accept(reply: Array<[string, Array<[string, string[]]>]>): void {
    for (const [stream, entries] of reply) {
      for (const [entryId, fields] of entries) {
        const entry = parseEntry(stream, entryId, fields);
        if (entry) this.buffer.push(entry);
        else this.discard(stream, entryId);
      }
    }
    // Higher priority first; among equals, oldest entry first.
    this.buffer.sort((a, b) => b.priority - a.priority || compareStreamIdTexts(a.entryId, b.entryId));
    this.drain();
  }

  /** An entry no engine script wrote (malformed) would otherwise be reclaimed forever. */
  private discard(stream: string, entryId: string): void {
    this.logger.warn("discarding a malformed ready entry", { stream, entryId });
    this.redis
      .multi()
      .xack(stream, CONSUMER_GROUP, entryId)
      .xdel(stream, entryId)
      .exec()
      .catch((err: unknown) => this.logger.warn("could not discard a malformed entry", { err }));
  }

  private drain(): void {
    while (
      !this.stopping &&
      this.running.size + this.reserved < this.options.poolSize &&
      this.buffer.length > 0
    ) {
      const entry = this.buffer.shift() as ReadyEntry;
      this.launch(entry, performance.now(), (attempt) => this.execute(entry, attempt));
    }
    this.observer.utilization?.(this.running.size, this.options.poolSize);
  }

  /** Takes a slot for one attempt (before any await, so nothing over-commits) and runs `work` in it. */
  private launch(
    node: { graphId: string; nodeId: string; attempt: number },
    runStartedAt: number,
    work: (attempt: RunningAttempt) => Promise<void>,
  ): void {
    const key = `${node.graphId}/${node.nodeId}`;
    const attempt: RunningAttempt = {
      graphId: node.graphId,
      nodeId: node.nodeId,
      attempt: node.attempt,
      started: false,
      engine: this.lanes[this.nextLane++ % this.lanes.length] as GraphStore,
      runStartedAt,
      controller: new AbortController(),
      abandoned: false,
    };
    this.running.set(key, attempt);
    const task = work(attempt)
      .catch((err: unknown) => {
        this.logger.error("node execution crashed", { err, graphId: node.graphId, nodeId: node.nodeId });
      })
      .finally(() => {
        if (this.running.get(key) === attempt) this.running.delete(key);
      });
    this.tasks.add(task);
    void task.finally(() => {
      this.tasks.delete(task);
      this.drain();
      this.slotFreed?.();
    });
  }

  private async execute(entry: ReadyEntry, attempt: RunningAttempt): Promise<void> {
    const cached = this.headers.get(entry.graphId);
    const start = await attempt.engine.startNode(entry, this.options.id, !cached);
    if (!start.started) return;
    attempt.started = true;
    this.observer.nodeStarted?.("stream");
    if (this.handingBack) {
      await this.release(attempt);
      return;
    }
    let header = cached;
    if (!header) {
      header = JSON.parse(start.node.header ?? "{}") as GraphHeader;
      header.tenant ??= (await this.engine.graphTenant(entry.graphId)) ?? "default";
      this.rememberHeader(entry.graphId, header);
    }
    await this.runStarted(attempt, start.node, header);
  }

  /** Runs a started attempt and takes over the dependents its completion handed to this worker. */
  private async runStarted(attempt: RunningAttempt, node: StartedNode, header: GraphHeader): Promise<void> {
    const began = Date.now();
    let reserved = 0;
    let result: RunResult;
    try {
      result = await this.runner.run(attempt, node, header.input ?? {}, header.tenant ?? "default", () => {
        const taken = this.handoffOffer(attempt);
        reserved = taken.reserved;
        return taken.offer;
      });
    } finally {
      this.reserved -= reserved;
    }
    // The completing attempt's slot passes to what it handed off, in the same tick as the reservation ends.
    this.running.delete(`${attempt.graphId}/${attempt.nodeId}`);
    for (const handed of result.handedOff ?? []) {
      const next = { graphId: attempt.graphId, nodeId: handed.nodeId, attempt: handed.attempt };
      this.observer.nodeStarted?.("handoff");
      this.launch(next, attempt.runStartedAt, async (nextAttempt) => {
        nextAttempt.started = true;
        if (this.handingBack) {
          await this.release(nextAttempt);
          return;
        }
        await this.runStarted(nextAttempt, handed.node, header);
      });
    }
    this.observer.nodeFinished?.(result.type, result.outcome, Date.now() - began);
    if (result.graphStatus && TERMINAL_GRAPH_STATUSES.has(result.graphStatus as GraphStatus)) {
      this.headers.delete(attempt.graphId);
      this.observer.graphEnded?.(attempt.graphId, result.graphStatus);
    }
  }

  private rememberHeader(graphId: string, header: GraphHeader): void {
    if (this.headers.size >= HEADER_CACHE_SIZE) {
      const oldest = this.headers.keys().next().value;
      if (oldest !== undefined) this.headers.delete(oldest);
    }
    this.headers.set(graphId, header);
  }

  /**
   * A graph brought a route no worker knew: read its streams now. The blocking read in progress still lists the
   * old streams, so it is interrupted (CLIENT UNBLOCK ends it like a timeout) and the fetch loop re-issues it.
   */
  private async onRoutesAnnounced(): Promise<void> {
    const before = this.streams.length;
    await this.refreshRoutes();
    if (this.streams.length !== before && this.blockingClientId !== undefined && !this.stopping) {
      await this.redis.client("UNBLOCK", this.blockingClientId);
    }
  }

  /** The blocking connection's id for CLIENT UNBLOCK; it changes when the connection is re-established. */
  private trackBlockingClientId(): void {
    const read = () => {
      this.blocking.client("ID").then(
        (id) => {
          this.blockingClientId = Number(id);
        },
        () => undefined,
      );
    };
    this.blocking.on("ready", read);
    if (this.blocking.status === "ready") read();
  }

  private onControl(message: string): void {
    let notice: { kind?: string; graphId?: string; nodeId?: string; attempt?: number };
    try {
      notice = JSON.parse(message);
    } catch {
      return;
    }
    if (notice.kind === "routes") {
      this.onRoutesAnnounced().catch((err: unknown) => this.logger.warn("route refresh failed", { err }));
      return;
    }
    if (notice.kind !== "abort" || !notice.graphId) return;
    for (const attempt of this.running.values()) {
      if (attempt.graphId !== notice.graphId) continue;
      if (notice.nodeId !== undefined && attempt.nodeId !== notice.nodeId) continue;
      if (notice.attempt !== undefined && attempt.attempt !== notice.attempt) continue;
      attempt.abandoned = true;
      attempt.controller.abort(new NodeExecutionError("aborted", "the attempt was cancelled or timed out"));
    }
  }

  private async heartbeat(): Promise<void> {
    const byGraph = new Map<string, RunningAttempt[]>();
    for (const attempt of this.running.values()) {
      if (!attempt.started) continue;
      const list = byGraph.get(attempt.graphId);
      if (list) list.push(attempt);
      else byGraph.set(attempt.graphId, [attempt]);
    }
    await Promise.all(
      [...byGraph].map(async ([graphId, attempts]) => {
        const alive = await this.engine.heartbeat(graphId, attempts);
        alive.forEach((ok, i) => {
          const attempt = attempts[i];
          if (!ok && attempt && !attempt.controller.signal.aborted) {
            attempt.abandoned = true;
            attempt.controller.abort(
              new NodeExecutionError("lease_lost", "this attempt is no longer current"),
            );
          }
        });
      }),
    );
    await this.register();
  }

  private async register(): Promise<void> {
    const now = Date.now();
    const key = workerKey(this.options.keyPrefix, this.options.id);
    await this.redis
      .multi()
      .hset(key, {
        id: this.options.id,
        host: hostname(),
        pid: process.pid,
        capabilities: JSON.stringify([...this.options.capabilities].sort()),
        nodeTypes: JSON.stringify(this.registry.types()),
        poolSize: this.options.poolSize,
        busy: this.running.size,
        startedAt: this.startedAt,
        lastHeartbeat: now,
      })
      .pexpire(key, this.options.heartbeatMs * 3)
      .zadd(workersKey(this.options.keyPrefix), now, this.options.id)
      .exec();
  }

  /** Takes over entries that a dead worker read but never started (their start is atomic, so at most once). */
  private async reclaim(): Promise<void> {
    for (const stream of this.streams) {
      if (this.stopping || this.freeSlots() <= 0) return;
      const reply = (await this.redis.xautoclaim(
        stream,
        CONSUMER_GROUP,
        this.options.id,
        this.options.leaseMs,
        "0-0",
        "COUNT",
        this.freeSlots(),
      )) as [string, Array<[string, string[]] | null>, string[]?];
      const entries = reply[1].filter((e): e is [string, string[]] => Array.isArray(e));
      if (entries.length > 0) {
        this.logger.info("reclaimed ready entries of a silent worker", { stream, count: entries.length });
        this.accept([[stream, entries]]);
      }
    }
  }
}

function parseEntry(stream: string, entryId: string, fields: string[]): ReadyEntry | undefined {
  const map = fieldMap(fields);
  const graphId = map.get("g");
  const nodeId = map.get("n");
  if (!graphId || !nodeId || !isGraphId(graphId)) return undefined;
  return {
    stream,
    entryId,
    graphId,
    nodeId,
    attempt: Number(map.get("a")),
    priority: Number(map.get("p") ?? 0),
  };
}
