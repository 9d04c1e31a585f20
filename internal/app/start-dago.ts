// The composition root: the one place that knows the concrete classes and wires them. `dago serve`,
// `dago worker`, the worker SDK and the integration tests all start dago through startDago(). The parts are
// wired in wire-core.ts (stores, service, timers), wire-apis.ts (gRPC, HTTP, WebSocket) and wire-worker.ts.
import type { WsGateway } from "../api/ws/index.js";
import type { Config } from "../config/index.js";
import { createLogger, type Logger, type Metrics } from "../observability/index.js";
import { Connections, ensureRedis } from "../redis/index.js";
import type { GraphService } from "../service/graph-service.js";
import type { GraphStore } from "../store/graph-store.js";
import type { PartitionLogReader } from "../store/partition-logs.js";
import type { Executor } from "../worker/executor.js";
import type { WorkerPool } from "../worker/worker-pool.js";
import { closeServer } from "./http-listener.js";
import { UndoStack } from "./undo-stack.js";
import { type Apis, wireApis } from "./wire-apis.js";
import { type Core, wireCore } from "./wire-core.js";
import { wireWorker } from "./wire-worker.js";

export { engineOptions } from "./wire-core.js";

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

export async function startDago(config: Config, options: StartOptions): Promise<RunningDago> {
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  const ensured = await ensureRedis(config, logger, { role: options.http ? "serve" : "worker" });
  const connections = new Connections(ensured, logger);
  const undo = new UndoStack();
  try {
    const core = await wireCore(config, logger, connections, undo);
    const apis = options.http ? await wireApis(config, logger, connections, undo, core) : undefined;
    // Workers start last: a start that fails at a listener has taken no node and registered no worker.
    const worker = options.workers
      ? await wireWorker(config, logger, connections, undo, core, options.executors ?? [])
      : undefined;
    return running(config, logger, connections, core, apis, worker);
  } catch (err) {
    // A failed start must not leave loops, connections or a private redis-server behind keeping the process alive.
    await undo.unwind();
    await connections.close();
    throw err;
  }
}

function running(
  config: Config,
  logger: Logger,
  connections: Connections,
  core: Core,
  apis: Apis | undefined,
  worker: WorkerPool | undefined,
): RunningDago {
  const { engine, service, metrics, timers } = core;
  let stopped: Promise<void> | undefined;
  return {
    config,
    logger,
    engine,
    service,
    metrics,
    ...(apis
      ? { httpPort: apis.httpPort, grpcPort: apis.grpc.port, ws: apis.gateway, logReader: apis.logReader }
      : {}),
    ...(worker ? { worker } : {}),
    stop(graceMs = config.shutdownGraceMs) {
      stopped ??= (async () => {
        // Work stops coming in everywhere at once: no new HTTP connections or gRPC calls, no more fetched nodes.
        // Running nodes get the grace period, then the worker pool hands the rest back to other workers.
        const closing = apis ? closeServer(apis.server) : Promise.resolve();
        // Open watches end at once (clients resume elsewhere); unary calls get a short grace.
        const closingGrpc = apis?.grpc.stop(Math.min(graceMs, 5000));
        const stoppingWorker = worker?.stop(graceMs);
        // Upgraded sockets would keep the HTTP server from closing: the gateway says goodbye (1001).
        await apis?.gateway.stop();
        await stoppingWorker;
        await closing;
        await closingGrpc;
        await apis?.logReader.stop();
        await timers.stop();
        await connections.close();
        logger.info("dago stopped");
      })();
      return stopped;
    },
  };
}
