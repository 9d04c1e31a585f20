// The worker pool of `dago worker` (and of `dago serve` unless --no-workers): the built-in and the user's
// executors, the engine lanes and the pool itself, reporting to the metrics.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config/index.js";
import { NoopExecutor } from "../executors/noop-executor.js";
import type { Logger } from "../observability/index.js";
import type { Connections } from "../redis/index.js";
import { GraphStore } from "../store/graph-store.js";
import { ReadyQueue } from "../store/ready-queue.js";
import { WorkerRegistry } from "../store/worker-registry.js";
import type { Executor } from "../worker/executor.js";
import { ExecutorRegistry } from "../worker/executor-registry.js";
import { WorkerPool } from "../worker/worker-pool.js";
import { graphLimitsOf } from "./graph-limits.js";
import { budgetMetricsObserver, createLlmExecutor, llmMetricsObserver } from "./llm-provider-factory.js";
import type { UndoStack } from "./undo-stack.js";
import type { Core } from "./wire-core.js";

export async function wireWorker(
  config: Config,
  logger: Logger,
  connections: Connections,
  undo: UndoStack,
  core: Core,
  executors: readonly Executor[],
): Promise<WorkerPool> {
  const { redis, engine, engineSettings, latency, metrics } = core;
  const registry = new ExecutorRegistry();
  registry.register(new NoopExecutor());
  registry.register(
    createLlmExecutor(config.llm, {
      redis,
      keyPrefix: config.redis.keyPrefix,
      logger,
      observer: llmMetricsObserver(metrics),
      tenantBudget: config.tenantBudget,
      budgetObserver: budgetMetricsObserver(metrics, {
        redis,
        keyPrefix: config.redis.keyPrefix,
        tenantBudget: config.tenantBudget,
      }),
    }),
  );
  for (const executor of executors) registry.register(executor);
  const workerId = config.worker.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const workerConn = await connections.connect("worker");
  // The timers' engine is the first lane; every further lane is an engine on a pipelined connection of its own.
  const lanes = [engine];
  for (let lane = 1; lane < config.worker.engineConnections; lane++) {
    const conn = await connections.connect(`main-${lane}`, { blocking: true, autoPipelining: true });
    lanes.push(new GraphStore(conn, engineSettings, latency));
  }
  const workerLogger = logger.child({ workerId });
  const queue = new ReadyQueue(
    {
      commands: workerConn,
      blocking: await connections.connect("worker-blocking", { blocking: true }),
      subscriber: await connections.connect("worker-control", { blocking: true }),
    },
    { keyPrefix: config.redis.keyPrefix, partitions: config.engine.partitions, consumer: workerId },
    workerLogger,
  );
  const worker = new WorkerPool({
    queue,
    registry: new WorkerRegistry(workerConn, config.redis.keyPrefix),
    engines: lanes,
    executors: registry,
    logger: workerLogger,
    settings: {
      id: workerId,
      ...(config.worker.name === undefined ? {} : { name: config.worker.name }),
      poolSize: config.worker.poolSize,
      capabilities: [...config.worker.capabilities],
      leaseMs: config.engine.leaseMs,
      heartbeatMs: config.engine.heartbeatMs,
      maxOutputBytes: config.limits.maxOutputBytes,
      patchLimits: graphLimitsOf(config),
    },
    observer: {
      nodeStarted: (via) => metrics.nodeStarts.inc({ via }),
      nodeFinished: (type, outcome, ms) => {
        metrics.nodeOutcomes.inc({ type, outcome });
        metrics.nodeDuration.observe({ type, outcome }, ms / 1000);
      },
      graphEnded: (graphId, status) => {
        metrics.graphsEnded.inc({ status });
        void engine
          .graphTimes(graphId)
          .then(({ startedAt, endedAt }) => {
            if (startedAt !== undefined && endedAt !== undefined) {
              metrics.graphDuration.observe({ status }, (endedAt - startedAt) / 1000);
            }
          })
          .catch(() => undefined);
      },
      utilization: (busy, size) => {
        metrics.workerBusy.set(busy);
        metrics.workerSlots.set(size);
      },
    },
  });
  undo.push(() => worker.stop(0));
  await worker.start();
  return worker;
}
