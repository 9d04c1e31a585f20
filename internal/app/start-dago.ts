// The composition root: the one place that knows the concrete classes and wires them. `dago serve`,
// `dago worker`, the worker SDK and the integration tests all start dago through startDago().
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { type GrpcApi, startGrpcServer } from "../api/grpc/index.js";
import { answerClientErrors } from "../api/http/client-errors.js";
import { createHttpApp } from "../api/http/create-http-app.js";
import { WsGateway } from "../api/ws/index.js";
import { ApiKeyStore, RequestGate } from "../auth/index.js";
import type { Config } from "../config/index.js";
import { DEFAULT_VALIDATION_LIMITS } from "../domain/validation.js";
import { NoopExecutor } from "../executors/noop-executor.js";
import { createLogger, type Logger, Metrics } from "../observability/index.js";
import { createRedis, type EnsuredRedis, ensureRedis, waitUntilReady } from "../redis/index.js";
import { GraphService } from "../service/graph-service.js";
import { defaultPageSize, GraphWatcher } from "../service/index.js";
import { GraphStore } from "../store/graph-store.js";
import type { GraphStoreOptions } from "../store/graph-store-options.js";
import { readBreakers } from "../store/llm/provider-gate.js";
import { PartitionLogReader } from "../store/partition-logs.js";
import { ActiveGraphLimit, TenantRateLimit } from "../store/quota/index.js";
import { preloadScripts } from "../store/script-loader.js";
import { TimerLoop } from "../store/timer-loop.js";
import type { Executor } from "../worker/executor.js";
import { ExecutorRegistry } from "../worker/executor-registry.js";
import { WorkerPool } from "../worker/worker-pool.js";
import { ListenError } from "./listen-error.js";
import { createLlmExecutor, llmMetricsObserver, remoteProviders } from "./llm-provider-factory.js";
import { llmReadiness } from "./llm-readiness.js";

export interface StartOptions {
  http: boolean;
  workers: boolean;
  /** Custom executors for this process's workers (the worker SDK passes the user's). */
  executors?: Executor[];
  logger?: Logger;
}

export interface RunningDago {
  config: Config;
  logger: Logger;
  engine: GraphStore;
  service: GraphService;
  metrics: Metrics;
  /** The bound HTTP port when HTTP is on (useful with DAGO_HTTP_PORT=0). */
  httpPort?: number;
  /** The bound gRPC port when the APIs are on (useful with DAGO_GRPC_PORT=0). */
  grpcPort?: number;
  /** The WebSocket gateway, when HTTP is on. */
  ws?: WsGateway;
  /** The one partition-log reader behind the gateway and WatchGraph, when the APIs are on. */
  logReader?: PartitionLogReader;
  worker?: WorkerPool;
  /** Stops accepting work, lets running nodes finish within the grace period, closes everything. */
  stop(graceMs?: number): Promise<void>;
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

export async function startDago(config: Config, options: StartOptions): Promise<RunningDago> {
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  const ensured = await ensureRedis(config, logger, { role: options.http ? "serve" : "worker" });
  const connections: Redis[] = [];
  const undo: Array<() => Promise<void>> = [];
  try {
    return await wire(config, options, logger, ensured, connections, undo);
  } catch (err) {
    // A failed start must not leave loops, connections or a private redis-server behind keeping the process alive.
    for (const step of undo.reverse()) await step().catch(() => undefined);
    for (const conn of connections) conn.disconnect();
    await ensured.stop();
    throw err;
  }
}

async function wire(
  config: Config,
  options: StartOptions,
  logger: Logger,
  ensured: EnsuredRedis,
  connections: Redis[],
  undo: Array<() => Promise<void>>,
): Promise<RunningDago> {
  const redisConfig = ensured.config;
  // Connections that fail fast must be connected before first use; blocking ones queue while (re)connecting.
  const connect = async (name: string, blocking = false, autoPipelining = false) => {
    const conn = createRedis(redisConfig, {
      name,
      maxRetriesPerRequest: blocking ? null : 1,
      enableOfflineQueue: blocking,
      ...(blocking ? {} : { commandTimeout: 5000, resendAfterReconnect: false }),
      autoPipelining,
    });
    conn.on("error", (err: Error) => logger.debug("redis connection error", { connection: name, err }));
    connections.push(conn);
    await waitUntilReady(conn, redisConfig);
    return conn;
  };
  // The engine's connection carries every worker's and timer's script calls: pipelined, many concurrent
  // transitions reach Redis in one write.
  const redis = await connect("main", true, true);
  logger.info("connected to Redis", { host: redisConfig.host, port: redisConfig.port });
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
  // The API gets its own connection that fails fast (503) while Redis is away; workers and timers wait instead.
  const apiRedis = await connect("api");
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
  const service = new GraphService(
    apiEngine,
    apiRedis,
    {
      maxNodes: config.limits.maxNodes,
      maxEdges: config.limits.maxEdges,
      maxTextBytes: config.limits.maxTextBytes,
      defaultTimeoutMs: config.limits.defaultTimeoutMs,
      defaultScheduleTimeoutMs: config.limits.scheduleToStartTimeoutMs,
      defaultRetry: DEFAULT_VALIDATION_LIMITS.defaultRetry,
      maxEventsPage: config.limits.maxEventsPage,
      maxListPage: config.limits.maxListPage,
    },
    { graphSubmitted: (tenant) => metrics.graphsSubmitted.inc({ tenant }) },
    () => llmReadiness(apiRedis, config.redis.keyPrefix, llmProviders),
    quotas.maxActiveGraphs > 0
      ? new ActiveGraphLimit(apiRedis, config.redis.keyPrefix, quotas.maxActiveGraphs)
      : undefined,
  );

  const timers = new TimerLoop(engine, logger, config.engine.timerIntervalMs);
  timers.start();
  undo.push(() => timers.stop());

  let grpc: GrpcApi | undefined;
  let logReader: PartitionLogReader | undefined;
  if (options.http) {
    // One reader of the partition logs, on one blocking connection, feeds every WatchGraph and every WebSocket
    // subscription of this process.
    const reader = new PartitionLogReader(
      await connect("log-tail", true),
      apiRedis,
      { keyPrefix: config.redis.keyPrefix, partitions: config.engine.partitions },
      logger,
    );
    undo.push(() => reader.stop());
    logReader = reader;
    const { keyPrefix } = config.redis;
    const watcher = new GraphWatcher(service, apiRedis, keyPrefix, reader, {
      pageSize: config.limits.maxEventsPage,
    });
    const api = await startGrpcServer({
      host: config.http.host,
      port: config.grpc.port,
      service,
      gate,
      watcher,
      logger,
      maxMessageBytes: config.limits.maxBodyBytes,
      ...defaultPages(config),
    }).catch((err: unknown) => {
      throw new ListenError("gRPC", config.http.host, config.grpc.port, err);
    });
    undo.push(() => api.stop(0));
    grpc = api;
    logger.info("gRPC API listening", { host: config.http.host, port: api.port });
  }

  let server: Server | undefined;
  let httpPort: number | undefined;
  let gateway: WsGateway | undefined;
  if (options.http && logReader) {
    // A subscription is answered once the partition-log reader has its position, so a client misses nothing.
    const ws = new WsGateway(
      { redis: await connect("ws"), deltas: await connect("ws-deltas", true) },
      logReader,
      { keyPrefix: config.redis.keyPrefix, partitions: config.engine.partitions, ...config.ws },
      logger,
      metrics,
      gate,
    );
    await ws.start();
    undo.push(() => ws.stop());
    gateway = ws;
    const app = createHttpApp({
      service,
      gate,
      logger,
      maxBodyBytes: config.limits.maxBodyBytes,
      ...defaultPages(config),
      metrics,
      onRequest: (route, method, status, ms) =>
        metrics.httpRequests.observe({ route, method, status: String(status) }, ms / 1000),
    });
    const listening = await listen(createServer(app), config.http.host, config.http.port);
    undo.push(() => closeServer(listening));
    server = listening;
    answerClientErrors(server);
    server.on("upgrade", (request, socket, head) => ws.handleUpgrade(request, socket, head));
    const address = server.address();
    httpPort = typeof address === "object" && address ? address.port : config.http.port;
    logger.info("HTTP API listening", { host: config.http.host, port: httpPort });
    logAccessMode(config, logger);
  }

  // Workers start last: a start that fails at a listener has taken no node and registered no worker.
  let worker: WorkerPool | undefined;
  if (options.workers) {
    const registry = new ExecutorRegistry();
    registry.register(new NoopExecutor());
    registry.register(
      createLlmExecutor(config.llm, {
        redis,
        keyPrefix: config.redis.keyPrefix,
        logger,
        observer: llmMetricsObserver(metrics),
      }),
    );
    for (const executor of options.executors ?? []) registry.register(executor);
    const workerId = config.worker.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
    const workerConn = await connect("worker");
    // The timers' engine is the first lane; every further lane is an engine on a pipelined connection of its own.
    const lanes = [engine];
    for (let lane = 1; lane < config.worker.engineConnections; lane++) {
      lanes.push(new GraphStore(await connect(`main-${lane}`, true, true), engineSettings, latency));
    }
    worker = new WorkerPool(
      workerConn,
      await connect("worker-blocking", true),
      await connect("worker-control", true),
      lanes,
      registry,
      logger.child({ workerId }),
      {
        id: workerId,
        poolSize: config.worker.poolSize,
        capabilities: [...config.worker.capabilities],
        keyPrefix: config.redis.keyPrefix,
        partitions: config.engine.partitions,
        leaseMs: config.engine.leaseMs,
        heartbeatMs: config.engine.heartbeatMs,
        maxOutputBytes: config.limits.maxOutputBytes,
      },
      {
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
    );
    const pool = worker;
    undo.push(() => pool.stop(0));
    await worker.start();
  }

  let stopped: Promise<void> | undefined;
  const running: RunningDago = {
    config,
    logger,
    engine,
    service,
    metrics,
    ...(httpPort !== undefined ? { httpPort } : {}),
    ...(grpc ? { grpcPort: grpc.port } : {}),
    ...(gateway ? { ws: gateway } : {}),
    ...(logReader ? { logReader } : {}),
    ...(worker ? { worker } : {}),
    stop(graceMs = config.shutdownGraceMs) {
      stopped ??= (async () => {
        // Work stops coming in everywhere at once: no new HTTP connections or gRPC calls, no more fetched nodes.
        // Running nodes get the grace period, then the worker pool hands the rest back to other workers.
        const closing = server ? closeServer(server) : Promise.resolve();
        // Open watches end at once (clients resume elsewhere); unary calls get a short grace.
        const closingGrpc = grpc?.stop(Math.min(graceMs, 5000));
        const stoppingWorker = worker?.stop(graceMs);
        // Upgraded sockets would keep the HTTP server from closing: the gateway says goodbye (1001).
        await gateway?.stop();
        await stoppingWorker;
        await closing;
        await closingGrpc;
        await logReader?.stop();
        await timers.stop();
        for (const conn of connections) conn.disconnect();
        await ensured.stop();
        logger.info("dago stopped");
      })();
      return stopped;
    },
  };
  return running;
}

/** Says once, at start-up, who can reach this server, so an open API on a public address never goes unnoticed. */
function logAccessMode(config: Config, logger: Logger): void {
  const keys = config.apiKeys.length;
  if (keys > 0) {
    logger.info("API keys required", { keys, tenants: new Set(config.apiKeys.map((k) => k.tenantId)).size });
    // Keys exist to let other machines in, so they change the default address; nobody should learn that later.
    if (config.http.hostFromApiKeys) {
      logger.info(
        `API keys are set (DAGO_API_KEYS or DAGO_API_KEYS_FILE), so the HTTP and gRPC APIs listen on ${config.http.host}, every ` +
          "network interface of this machine; set DAGO_HTTP_HOST=127.0.0.1 to keep them on loopback",
        { host: config.http.host },
      );
    }
  } else if (isLoopback(config.http.host)) {
    logger.info(
      "no API keys configured (DAGO_API_KEYS): listening on loopback only, without authentication; set " +
        "DAGO_API_KEYS to serve other machines",
      { host: config.http.host },
    );
  } else {
    logger.warn(
      "no API keys configured (DAGO_API_KEYS) and DAGO_HTTP_HOST is not loopback: anyone who can reach this " +
        "address can submit and control graphs",
      { host: config.http.host },
    );
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/** Resolves once the server listens; a port in use (or any other refusal) fails the start. */
function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(new ListenError("HTTP", host, port, err));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection busy with a request would carry its client's next requests through the whole
    // shutdown: from now on every answer closes its connection, so a new request finds a process that runs.
    server.prependListener("request", (_request, response) => response.setHeader("connection", "close"));
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * Page sizes for requests that name none: the operation table's defaults within the configured maxima, so a
 * server configured with smaller pages still answers a request without `limit`.
 */
function defaultPages(config: Config): { defaultListLimit: number; defaultEventsLimit: number } {
  return {
    defaultListLimit: defaultPageSize("list", config.limits),
    defaultEventsLimit: defaultPageSize("events", config.limits),
  };
}
