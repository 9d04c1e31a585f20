// Builds the real parts of dago against the suite's private redis-server: engine, service, timer loop and an
// in-process worker pool with the executors a test registers. Each harness has its own key prefix.
import { Redis } from "ioredis";
import type { GraphEvent } from "../../internal/domain/events.js";
import { foldEvents } from "../../internal/domain/fold.js";
import { type GraphState, TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { LlmExecutor } from "../../internal/executors/llm-executor.js";
import { MockLlmProvider } from "../../internal/executors/mock-llm-provider.js";
import { NoopExecutor } from "../../internal/executors/noop-executor.js";
import { createLogger, type Logger } from "../../internal/observability/logger.js";
import {
  DEFAULT_SERVICE_LIMITS,
  GraphService,
  type ServiceLimits,
} from "../../internal/service/graph-service.js";
import { GraphStore } from "../../internal/store/graph-store.js";
import type { GraphStoreOptions } from "../../internal/store/graph-store-options.js";
import { ReadyQueue } from "../../internal/store/ready-queue.js";
import { StoreConnection } from "../../internal/store/store-connection.js";
import { TimerLoop } from "../../internal/store/timer-loop.js";
import { WorkerRegistry } from "../../internal/store/worker-registry.js";
import type { Executor } from "../../internal/worker/executor.js";
import { ExecutorRegistry } from "../../internal/worker/executor-registry.js";
import { WorkerPool } from "../../internal/worker/worker-pool.js";
import type { WorkerPoolSettings } from "../../internal/worker/worker-pool-options.js";
import { testRedisPort } from "./redis-port.js";
import { uniquePrefix } from "./unique-prefix.js";

export interface HarnessOptions {
  engine?: Partial<GraphStoreOptions>;
  timerIntervalMs?: number;
  /** Limits of the harness's service over the defaults, to reach a limit with a small graph. */
  limits?: Partial<ServiceLimits>;
}

export interface Harness {
  redis: Redis;
  engine: GraphStore;
  service: GraphService;
  logger: Logger;
  keyPrefix: string;
  startWorker(options?: {
    executors?: Executor[];
    poolSize?: number;
    capabilities?: string[];
    id?: string;
    /** DAGO_WORKER_NAME: nodes pinned to this name run on it. */
    name?: string;
    mockLatencyMs?: number;
    /** The engines the pool spreads attempts over (one on the pool's own connection by default). */
    engines?: GraphStore[];
    /** How long a slot may pass straight from node to node through hand-offs (the pool's default if unset). */
    handoffRunMs?: number;
    /** How long a fetch blocks and how often routes are re-read (200 ms each by default). */
    blockMs?: number;
    routeRefreshMs?: number;
  }): Promise<WorkerPool>;
  submit(spec: unknown, tenantId?: string): Promise<string>;
  waitFor(
    graphId: string,
    predicate: (state: GraphState) => boolean,
    timeoutMs?: number,
  ): Promise<GraphState>;
  waitForEnd(graphId: string, timeoutMs?: number): Promise<GraphState>;
  events(graphId: string): Promise<GraphEvent[]>;
  /** Folds the stored history and compares it with the stored projection. */
  expectFoldMatches(graphId: string): Promise<{ folded: GraphState; stored: GraphState }>;
  close(): Promise<void>;
}

export const silentLogger = (): Logger => createLogger({ level: "error", format: "json" });

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const keyPrefix = uniquePrefix();
  const port = testRedisPort();
  const redis = new Redis({ port, host: "127.0.0.1", lazyConnect: false });
  const engineOptions: GraphStoreOptions = {
    keyPrefix,
    partitions: 4,
    leaseMs: 2000,
    logStreamMaxLen: 10_000,
    retentionSeconds: 0,
    idempotencyTtlSeconds: 3600,
    maxLeaseLosses: 5,
    ...options.engine,
  };
  const engine = new GraphStore(redis, engineOptions);
  const logger = silentLogger();
  const service = new GraphService({
    store: engine,
    connection: new StoreConnection(redis),
    workers: new WorkerRegistry(redis, keyPrefix),
    limits: { ...DEFAULT_SERVICE_LIMITS, maxEventsPage: 1000, maxListPage: 500, ...options.limits },
  });
  const timers = new TimerLoop(engine, logger, options.timerIntervalMs ?? 50);
  timers.start();
  const pools: Array<{ pool: WorkerPool; conns: Redis[] }> = [];
  let workerCount = 0;

  const harness: Harness = {
    redis,
    engine,
    service,
    logger,
    keyPrefix,
    async startWorker(opts = {}) {
      const executors = new ExecutorRegistry();
      executors.register(new NoopExecutor());
      executors.register(
        new LlmExecutor(new MockLlmProvider(opts.mockLatencyMs ?? 0), {
          defaultModel: "mock",
          defaultMaxTokens: 256,
        }),
      );
      for (const executor of opts.executors ?? []) executors.register(executor);
      const conns = [0, 1, 2].map(() => new Redis({ port, host: "127.0.0.1" }));
      const settings: WorkerPoolSettings = {
        id: opts.id ?? `w${++workerCount}-${keyPrefix}`,
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        poolSize: opts.poolSize ?? 4,
        capabilities: opts.capabilities ?? [],
        leaseMs: engineOptions.leaseMs,
        heartbeatMs: Math.floor(engineOptions.leaseMs / 3),
        maxOutputBytes: 1024 * 1024,
        blockMs: opts.blockMs ?? 200,
        routeRefreshMs: opts.routeRefreshMs ?? 200,
        ...(opts.handoffRunMs !== undefined ? { handoffRunMs: opts.handoffRunMs } : {}),
      };
      const [c0, c1, c2] = conns as [Redis, Redis, Redis];
      const queue = new ReadyQueue(
        { commands: c0, blocking: c1, subscriber: c2 },
        { keyPrefix, partitions: engineOptions.partitions, consumer: settings.id },
        logger,
      );
      const engines = opts.engines ?? [new GraphStore(c0, engineOptions)];
      const registry = new WorkerRegistry(c0, keyPrefix);
      const pool = new WorkerPool({ queue, registry, engines, executors, logger, settings });
      await pool.start();
      pools.push({ pool, conns });
      return pool;
    },
    async submit(spec, tenantId = "default") {
      const result = await service.submit(tenantId, spec);
      return result.graph.id;
    },
    async waitFor(graphId, predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: GraphState | undefined;
      while (Date.now() < deadline) {
        last = await engine.getState(graphId);
        if (last && predicate(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`graph ${graphId} did not reach the expected state: ${JSON.stringify(last, null, 1)}`);
    },
    waitForEnd(graphId, timeoutMs) {
      return harness.waitFor(graphId, (s) => TERMINAL_GRAPH_STATUSES.has(s.status), timeoutMs);
    },
    async events(graphId) {
      const tenant = (await engine.graphTenant(graphId)) ?? "default";
      return engine.readEvents(graphId, tenant, undefined, 1_000_000);
    },
    async expectFoldMatches(graphId) {
      // Read both in one consistent moment: the projection's version names how many events it has applied.
      const stored = (await engine.getState(graphId)) as GraphState;
      const events = (await harness.events(graphId)).slice(0, stored.version);
      const folded = foldEvents(events) as GraphState;
      return { folded: JSON.parse(JSON.stringify(folded)), stored: JSON.parse(JSON.stringify(stored)) };
    },
    async close() {
      for (const { pool, conns } of pools) {
        await pool.stop(1000);
        for (const conn of conns) conn.disconnect();
      }
      await timers.stop();
      redis.disconnect();
    },
  };
  return harness;
}
