// A pool of `poolSize` execution slots in one process. It reads ready nodes from the ready queue (every partition's
// streams of the routes this worker can serve); each entry is started by an atomic script, run, and reported.
// Leases are kept fresh by heartbeats; entries a dead worker read but never started are reclaimed.
import { hostname } from "node:os";
import type { WorkerInfo } from "../contract/server-info.js";
import type { GraphBudget } from "../domain/graph-budget.js";
import { DEFAULT_PATCH_LIMITS } from "../domain/graph-patch.js";
import { workerRoutePart } from "../domain/graph-spec.js";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../domain/state.js";
import { compareStreamIdTexts } from "../domain/stream-id.js";
import { DEFAULT_VALIDATION_LIMITS } from "../domain/validation.js";
import type { Logger } from "../observability/logger.js";
import type { ControlNotice } from "../store/control-notice.js";
import type { GraphStore, HandoffOffer, StartedNode } from "../store/graph-store.js";
import { type ReadyEntry, ReadyGroupMissing, type ReadyQueue } from "../store/ready-queue.js";
import type { WorkerRegistry } from "../store/worker-registry.js";
import { NodeExecutionError } from "./executor.js";
import type { ExecutorRegistry } from "./executor-registry.js";
import { NodeRunner, type RunningAttempt, type RunResult } from "./node-runner.js";
import {
  type ResolvedWorkerPoolSettings,
  resolveWorkerPoolSettings,
  type WorkerPoolObserver,
  type WorkerPoolOptions,
} from "./worker-pool-options.js";

/** What the pool keeps of a graph: the input its templates read, the tenant its output is labelled with. */
interface GraphContext {
  input: Record<string, unknown>;
  tenant: string;
  budget?: GraphBudget;
}

const GRAPH_CACHE_SIZE = 1000;

export class WorkerPool {
  private readonly runner: NodeRunner;
  private readonly queue: ReadyQueue;
  private readonly registry: WorkerRegistry;
  private readonly executors: ExecutorRegistry;
  private readonly logger: Logger;
  private readonly observer: WorkerPoolObserver;
  private readonly settings: ResolvedWorkerPoolSettings;
  /** The engines attempts take in turn (see WorkerPoolOptions.engines). */
  private readonly lanes: GraphStore[];
  private nextLane = 0;
  /** The first lane: heartbeats, hand-backs and reads. */
  private readonly engine: GraphStore;
  private readonly running = new Map<string, RunningAttempt>();
  private readonly tasks = new Set<Promise<void>>();
  private buffer: ReadyEntry[] = [];
  private readonly graphs = new Map<string, GraphContext>();
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
  private readonly startedAt = Date.now();
  /** Attempts started here, for the workers view (the registry record carries it with each heartbeat). */
  private nodesRun = 0;

  constructor(options: WorkerPoolOptions) {
    const { engines, queue } = options;
    this.lanes = Array.isArray(engines) ? [...engines] : [engines as GraphStore];
    if (this.lanes.length === 0) throw new Error("a worker pool needs an engine");
    this.engine = this.lanes[0] as GraphStore;
    this.queue = queue;
    this.registry = options.registry;
    this.executors = options.executors;
    this.logger = options.logger;
    this.observer = options.observer ?? {};
    this.settings = resolveWorkerPoolSettings(options.settings);
    this.runner = new NodeRunner(this.executors, this.logger, {
      maxOutputBytes: this.settings.maxOutputBytes,
      patchLimits: this.settings.patchLimits ?? { ...DEFAULT_VALIDATION_LIMITS, ...DEFAULT_PATCH_LIMITS },
      publishDelta: (message) => queue.publishDelta(message),
    });
  }

  get id(): string {
    return this.settings.id;
  }

  get busy(): number {
    return this.running.size;
  }

  /** What it routes by: its capabilities, its executors' custom types, and its id and name for pinned nodes. */
  private capabilities(): Set<string> {
    const caps = new Set([...this.settings.capabilities, ...this.executors.routingCapabilities()]);
    caps.add(workerRoutePart(this.settings.id));
    if (this.settings.name !== undefined) caps.add(workerRoutePart(this.settings.name));
    return caps;
  }

  async start(): Promise<void> {
    await this.refreshRoutes();
    await this.queue.listen((notice) => this.onControl(notice));
    await this.register();
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => {
        fn().catch((err: unknown) => this.logger.warn("worker background task failed", { err }));
      }, ms);
      timer.unref();
      this.timers.push(timer);
      return timer;
    };
    this.heartbeatTimer = every(this.settings.heartbeatMs, () => this.heartbeat());
    every(this.settings.routeRefreshMs, () => this.refreshRoutes());
    every(Math.max(250, Math.floor(this.settings.leaseMs / 2)), () => this.reclaim());
    this.fetchLoop = this.fetch();
    this.logger.info("worker pool started", {
      workerId: this.settings.id,
      poolSize: this.settings.poolSize,
      capabilities: [...this.capabilities()],
      nodeTypes: this.executors.types(),
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
    this.queue.closeReads();
    await this.fetchLoop?.catch(() => undefined);
    this.logger.info("worker pool stopping", {
      workerId: this.settings.id,
      running: this.running.size,
      graceMs,
    });
    const all = Promise.allSettled([...this.tasks]);
    const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([all, grace]);
    if (this.running.size > 0) await this.handBackRunning();
    await all;
    clearInterval(this.heartbeatTimer);
    await this.registry.remove(this.settings.id).catch(() => undefined);
    await this.queue.unlisten().catch(() => undefined);
    this.logger.info("worker pool stopped", { workerId: this.settings.id });
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
      workerId: this.settings.id,
      handedBack: released.filter(Boolean).length,
      running: attempts.length,
    });
  }

  private async release(attempt: RunningAttempt): Promise<boolean> {
    try {
      return await this.engine.releaseNode(
        attempt.graphId,
        attempt.nodeId,
        attempt.attempt,
        this.settings.id,
      );
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

  private refreshRoutes(): Promise<void> {
    return this.queue.serve(this.capabilities());
  }

  private freeSlots(): number {
    return this.settings.poolSize - this.running.size - this.buffer.length - this.reserved;
  }

  /**
   * Offered with a completion, so the dependents it makes ready start here without a trip through a ready
   * stream: the slots free now, reserved until the reply is in (free slots mean the streams had nothing
   * waiting), and the completing attempt's own slot while its run of hand-offs is younger than handoffRunMs.
   */
  private handoffOffer(attempt: RunningAttempt): { offer?: HandoffOffer; reserved: number } {
    if (this.stopping) return { reserved: 0 };
    const ownSlot = performance.now() - attempt.runStartedAt < this.settings.handoffRunMs ? 1 : 0;
    const extra = Math.max(0, this.freeSlots());
    if (ownSlot + extra === 0) return { reserved: 0 };
    this.reserved += extra;
    return {
      offer: { workerId: this.settings.id, capacity: ownSlot + extra, routes: this.queue.routes },
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
        const entries = await this.queue.read(free, this.settings.blockMs);
        backoffMs = 100;
        if (entries.length > 0) this.accept(entries);
      } catch (err) {
        if (this.stopping) return;
        if (err instanceof ReadyGroupMissing) {
          await this.refreshRoutes().catch(() => undefined);
        } else {
          this.logger.warn("reading ready streams failed; retrying", { err, retryInMs: backoffMs });
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  private accept(entries: readonly ReadyEntry[]): void {
    this.buffer.push(...entries);
    // Higher priority first; among equals, oldest entry first.
    this.buffer.sort((a, b) => b.priority - a.priority || compareStreamIdTexts(a.entryId, b.entryId));
    this.drain();
  }

  private drain(): void {
    while (
      !this.stopping &&
      this.running.size + this.reserved < this.settings.poolSize &&
      this.buffer.length > 0
    ) {
      const entry = this.buffer.shift() as ReadyEntry;
      this.launch(entry, performance.now(), (attempt) => this.execute(entry, attempt));
    }
    this.observer.utilization?.(this.running.size, this.settings.poolSize);
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
    const cached = this.graphs.get(entry.graphId);
    const start = await attempt.engine.startNode(entry, this.settings.id, !cached);
    if (!start.started) return;
    attempt.started = true;
    this.nodesRun += 1;
    this.observer.nodeStarted?.("stream");
    if (this.handingBack) {
      await this.release(attempt);
      return;
    }
    let graph = cached;
    if (!graph) {
      const header = start.node.header;
      graph = {
        input: header?.input ?? {},
        tenant: header?.tenant ?? (await this.engine.graphTenant(entry.graphId)) ?? "default",
        ...(header?.budget ? { budget: header.budget } : {}),
      };
      this.rememberGraph(entry.graphId, graph);
    }
    await this.runStarted(attempt, start.node, graph);
  }

  /** Runs a started attempt and takes over the dependents its completion handed to this worker. */
  private async runStarted(attempt: RunningAttempt, node: StartedNode, graph: GraphContext): Promise<void> {
    const began = Date.now();
    let reserved = 0;
    let result: RunResult;
    try {
      result = await this.runner.run(
        attempt,
        node,
        graph.input,
        graph.tenant,
        () => {
          const taken = this.handoffOffer(attempt);
          reserved = taken.reserved;
          return taken.offer;
        },
        graph.budget,
      );
    } finally {
      this.reserved -= reserved;
    }
    // The completing attempt's slot passes to what it handed off, in the same tick as the reservation ends.
    this.running.delete(`${attempt.graphId}/${attempt.nodeId}`);
    for (const handed of result.handedOff ?? []) {
      const next = { graphId: attempt.graphId, nodeId: handed.nodeId, attempt: handed.attempt };
      this.nodesRun += 1;
      this.observer.nodeStarted?.("handoff");
      this.launch(next, attempt.runStartedAt, async (nextAttempt) => {
        nextAttempt.started = true;
        if (this.handingBack) {
          await this.release(nextAttempt);
          return;
        }
        await this.runStarted(nextAttempt, handed.node, graph);
      });
    }
    this.observer.nodeFinished?.(result.type, result.outcome, Date.now() - began);
    if (result.graphStatus && TERMINAL_GRAPH_STATUSES.has(result.graphStatus as GraphStatus)) {
      this.graphs.delete(attempt.graphId);
      this.observer.graphEnded?.(attempt.graphId, result.graphStatus);
    }
  }

  private rememberGraph(graphId: string, graph: GraphContext): void {
    if (this.graphs.size >= GRAPH_CACHE_SIZE) {
      const oldest = this.graphs.keys().next().value;
      if (oldest !== undefined) this.graphs.delete(oldest);
    }
    this.graphs.set(graphId, graph);
  }

  /**
   * A graph brought a route no worker knew: read its streams now. The blocking read in progress still lists the
   * old streams, so the queue wakes it (it ends like a timeout) and the fetch loop issues it again.
   */
  private async onRoutesAnnounced(): Promise<void> {
    const before = this.queue.streams.length;
    await this.refreshRoutes();
    if (this.queue.streams.length !== before && !this.stopping) await this.queue.wake();
  }

  private onControl(notice: ControlNotice): void {
    if (notice.kind === "routes") {
      this.onRoutesAnnounced().catch((err: unknown) => this.logger.warn("route refresh failed", { err }));
      return;
    }
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
    const info: WorkerInfo = {
      id: this.settings.id,
      ...(this.settings.name === undefined ? {} : { name: this.settings.name }),
      host: hostname(),
      pid: process.pid,
      capabilities: [...this.settings.capabilities].sort(),
      nodeTypes: this.executors.types(),
      poolSize: this.settings.poolSize,
      busy: this.running.size,
      nodesRun: this.nodesRun,
      startedAt: this.startedAt,
      lastHeartbeat: Date.now(),
    };
    await this.registry.register(info, this.settings.heartbeatMs * 3);
  }

  /** Takes over entries that a dead worker read but never started (their start is atomic, so at most once). */
  private async reclaim(): Promise<void> {
    for (const stream of this.queue.streams) {
      if (this.stopping || this.freeSlots() <= 0) return;
      const entries = await this.queue.reclaim(stream, this.settings.leaseMs, this.freeSlots());
      if (entries.length > 0) {
        this.logger.info("reclaimed ready entries of a silent worker", { stream, count: entries.length });
        this.accept(entries);
      }
    }
  }
}
