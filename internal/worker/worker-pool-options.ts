// What a WorkerPool is built from: the store parts it reads and reports through, its executors and its settings,
// with the defaults of the settings that have one.
import type { Logger } from "../observability/logger.js";
import type { GraphStore } from "../store/graph-store.js";
import type { ReadyQueue } from "../store/ready-queue.js";
import type { WorkerRegistry } from "../store/worker-registry.js";
import type { ExecutorRegistry } from "./executor-registry.js";
import type { RunOutcome } from "./node-runner.js";
import type { PatchValidationLimits } from "./patched-completion.js";

/** The settings a pool has a default for. */
export interface WorkerPoolTuning {
  /** How long one blocking read of the ready streams waits; bounds how fast stop() is noticed. */
  blockMs: number;
  /** How often the route set is read again, a safety net for a route announcement the pool missed. */
  routeRefreshMs: number;
  /**
   * How long a slot may pass straight from a node to a dependent its completion made ready. After that the
   * dependent queues in its ready stream behind what waited meanwhile, so a long chain cannot keep a slot from
   * other graphs' work when every slot is busy.
   */
  handoffRunMs: number;
}

export const DEFAULT_WORKER_POOL_SETTINGS: Readonly<WorkerPoolTuning> = Object.freeze({
  blockMs: 2000,
  routeRefreshMs: 2000,
  handoffRunMs: 1000,
});

export interface WorkerPoolSettings extends Partial<WorkerPoolTuning> {
  id: string;
  /** DAGO_WORKER_NAME: nodes pinned to it (route part `worker:<name>`) run here, as do those pinned to `id`. */
  name?: string;
  /** Attempts run at once. */
  poolSize: number;
  /** What this worker offers besides the custom types of its executors, which it serves too. */
  capabilities: string[];
  /** The engine's lease: an entry read but not started this long ago is taken over from its silent reader. */
  leaseMs: number;
  /** How often leases are renewed and the worker's record written; the record lives three heartbeats. */
  heartbeatMs: number;
  maxOutputBytes: number;
  /** What patches returned by executors are held to. Default: the API's default limits. */
  patchLimits?: PatchValidationLimits;
}

export interface WorkerPoolObserver {
  /** An attempt started here: read from a ready stream, or handed on by a completion. */
  nodeStarted?(via: "stream" | "handoff"): void;
  nodeFinished?(type: string, outcome: RunOutcome, durationMs: number): void;
  graphEnded?(graphId: string, status: string): void;
  utilization?(busy: number, size: number): void;
}

export interface WorkerPoolOptions {
  queue: ReadyQueue;
  registry: WorkerRegistry;
  /**
   * Engines on separate Redis connections; attempts take them in turn. With one connection every call of a tick
   * goes out in one pipelined write and the replies come back together, so Redis and this process take turns
   * idling; with several, Redis runs one connection's batch while this process handles another's replies.
   */
  engines: GraphStore | readonly GraphStore[];
  executors: ExecutorRegistry;
  logger: Logger;
  observer?: WorkerPoolObserver;
  settings: WorkerPoolSettings;
}

/** The settings with every default applied. */
export type ResolvedWorkerPoolSettings = WorkerPoolSettings & WorkerPoolTuning;

export function resolveWorkerPoolSettings(settings: WorkerPoolSettings): ResolvedWorkerPoolSettings {
  return {
    ...settings,
    blockMs: settings.blockMs ?? DEFAULT_WORKER_POOL_SETTINGS.blockMs,
    routeRefreshMs: settings.routeRefreshMs ?? DEFAULT_WORKER_POOL_SETTINGS.routeRefreshMs,
    handoffRunMs: settings.handoffRunMs ?? DEFAULT_WORKER_POOL_SETTINGS.handoffRunMs,
  };
}
