// The core every dago process runs, with or without APIs and workers: the graph stores, the request gate, the
// service and the timer loop.
import { ApiKeyStore, RequestGate } from "../auth/index.js";
import type { Config } from "../config/index.js";
import { type Logger, Metrics } from "../observability/index.js";
import type { Connections, RedisConnection } from "../redis/index.js";
import { GraphService } from "../service/graph-service.js";
import { TemplateCatalog } from "../service/templates/template-catalog.js";
import { GraphStore } from "../store/graph-store.js";
import type { GraphStoreOptions } from "../store/graph-store-options.js";
import { readBreakers } from "../store/llm/provider-gate.js";
import { ActiveGraphLimit, TenantRateLimit } from "../store/quota/index.js";
import { preloadScripts } from "../store/script-loader.js";
import { StoreConnection } from "../store/store-connection.js";
import { TemplateStore } from "../store/templates/template-store.js";
import { TimerLoop } from "../store/timer-loop.js";
import { WorkerRegistry } from "../store/worker-registry.js";
import { graphLimitsOf } from "./graph-limits.js";
import { remoteProviders } from "./llm-provider-factory.js";
import { llmReadiness } from "./llm-readiness.js";
import type { UndoStack } from "./undo-stack.js";

export interface Core {
  /** The connection of the timers' and the first worker lane's script calls (blocking, pipelined). */
  redis: RedisConnection;
  /** The API's connection: it fails fast (503) while Redis is away; workers and timers wait instead. */
  apiRedis: RedisConnection;
  /** The graph store on `redis`: timers, the first worker lane. */
  engine: GraphStore;
  engineSettings: GraphStoreOptions;
  /** Reports each script call's latency to the metrics; every further graph store takes it too. */
  latency: { redisLatency(operation: string, seconds: number): void };
  metrics: Metrics;
  gate: RequestGate;
  service: GraphService;
  /** Template versions and runs of them, on the API's connection. */
  templates: TemplateCatalog;
  timers: TimerLoop;
}

export function engineOptions(config: Config): GraphStoreOptions {
  return {
    keyPrefix: config.redis.keyPrefix,
    partitions: config.engine.partitions,
    leaseMs: config.engine.leaseMs,
    logStreamMaxLen: config.engine.logStreamMaxLen,
    retentionSeconds: config.engine.retentionSeconds,
    idempotencyTtlSeconds: config.engine.idempotencyTtlSeconds,
    maxLeaseLosses: config.engine.maxLeaseLosses,
  };
}

export async function wireCore(
  config: Config,
  logger: Logger,
  connections: Connections,
  undo: UndoStack,
): Promise<Core> {
  // The engine's connection carries every worker's and timer's script calls: pipelined, many concurrent
  // transitions reach Redis in one write.
  const redis = await connections.connect("main", { blocking: true, autoPipelining: true });
  const { host, port } = connections.config;
  logger.info("connected to Redis", { host, port });
  await preloadScripts(redis);

  const engineSettings = engineOptions(config);
  // Queue depth is read at scrape time through the API's fail-fast connection, so a scrape never hangs on Redis.
  const llmProviders = remoteProviders(config.llm);
  const metrics = new Metrics(
    { readyQueueDepth: () => apiEngine.readyQueueDepth() },
    { llmBreakers: () => readBreakers(apiRedis, config.redis.keyPrefix, llmProviders) },
  );
  const latency = {
    redisLatency: (operation: string, seconds: number) =>
      metrics.redisLatency.observe({ operation }, seconds),
  };
  const engine = new GraphStore(redis, engineSettings, latency);
  const apiRedis = await connections.connect("api");
  const apiEngine = new GraphStore(apiRedis, engineSettings, latency);
  const { quotas } = config;
  const gate = new RequestGate(
    new ApiKeyStore(config.apiKeys),
    quotas.ratePerSecond > 0
      ? new TenantRateLimit(apiRedis, config.redis.keyPrefix, {
          perSecond: quotas.ratePerSecond,
          burst: quotas.rateBurst,
        })
      : undefined,
  );
  const service = new GraphService({
    store: apiEngine,
    connection: new StoreConnection(apiRedis),
    workers: new WorkerRegistry(apiRedis, config.redis.keyPrefix),
    limits: {
      ...graphLimitsOf(config),
      maxEventsPage: config.limits.maxEventsPage,
      maxListPage: config.limits.maxListPage,
      maxOutputBytes: config.limits.maxOutputBytes,
    },
    observer: { graphSubmitted: (tenant) => metrics.graphsSubmitted.inc({ tenant }) },
    moreReadiness: () => llmReadiness(apiRedis, config.redis.keyPrefix, llmProviders),
    activeGraphs:
      quotas.maxActiveGraphs > 0
        ? new ActiveGraphLimit(apiRedis, config.redis.keyPrefix, quotas.maxActiveGraphs)
        : undefined,
  });

  const templates = new TemplateCatalog(new TemplateStore(apiRedis, config.redis.keyPrefix), service);

  const timers = new TimerLoop(engine, logger, config.engine.timerIntervalMs);
  timers.start();
  undo.push(() => timers.stop());
  return { redis, apiRedis, engine, engineSettings, latency, metrics, gate, service, templates, timers };
}
