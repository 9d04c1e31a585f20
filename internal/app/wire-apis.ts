// The APIs of `dago serve`: one partition-log reader feeding gRPC WatchGraph and the WebSocket gateway, the gRPC
// server, and the HTTP server with the HTTP API, the dashboard and the WebSocket upgrades.
import { createServer, type Server } from "node:http";
import { type GrpcApi, startGrpcServer } from "../api/grpc/index.js";
import { answerClientErrors } from "../api/http/client-errors.js";
import { createHttpApp } from "../api/http/create-http-app.js";
import { WsGateway } from "../api/ws/index.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../observability/index.js";
import type { Connections } from "../redis/index.js";
import { defaultPageSize, GraphWatcher, WatchCore } from "../service/index.js";
import { DeltaRelay } from "../store/delta-relay.js";
import { GraphStreamReader } from "../store/graph-stream-reader.js";
import { PartitionLogReader } from "../store/partition-logs.js";
import { TenantLogReader } from "../store/tenant-log-reader.js";
import { logAccessMode } from "./access-mode.js";
import { closeServer, listen } from "./http-listener.js";
import { ListenError } from "./listen-error.js";
import type { UndoStack } from "./undo-stack.js";
import type { Core } from "./wire-core.js";

export interface Apis {
  grpc: GrpcApi;
  server: Server;
  /** The bound HTTP port (useful with DAGO_HTTP_PORT=0). */
  httpPort: number;
  gateway: WsGateway;
  /** The one partition-log reader behind the gateway and WatchGraph. */
  logReader: PartitionLogReader;
}

export async function wireApis(
  config: Config,
  logger: Logger,
  connections: Connections,
  undo: UndoStack,
  core: Core,
): Promise<Apis> {
  const { service, gate, metrics, apiRedis } = core;
  const { keyPrefix } = config.redis;
  // One reader of the partition logs, on one blocking connection, feeds every WatchGraph and every WebSocket
  // subscription of this process.
  const logReader = new PartitionLogReader(
    await connections.connect("log-tail", { blocking: true }),
    apiRedis,
    { keyPrefix, partitions: config.engine.partitions },
    logger,
  );
  undo.push(() => logReader.stop());
  // One watch core serves both: the replays read on a connection of their own, so a flood of them does not
  // queue the API's requests behind it.
  const replays = await connections.connect("watch");
  const watches = new WatchCore({
    streams: new GraphStreamReader(replays, keyPrefix),
    log: logReader,
    tenantLogs: new TenantLogReader(replays, keyPrefix, config.engine.partitions),
    deltas: new DeltaRelay(await connections.connect("watch-deltas", { blocking: true }), keyPrefix, logger),
  });
  await watches.start();
  undo.push(async () => watches.stop());
  const watcher = new GraphWatcher(watches);
  const grpc = await startGrpcServer({
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
  undo.push(() => grpc.stop(0));
  logger.info("gRPC API listening", { host: config.http.host, port: grpc.port });

  const gateway = new WsGateway({
    watches,
    options: { partitions: config.engine.partitions, ...config.ws },
    logger,
    metrics,
    gate,
  });
  gateway.start();
  undo.push(() => gateway.stop());
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
  const server = await listen(createServer(app), config.http.host, config.http.port);
  undo.push(() => closeServer(server));
  answerClientErrors(server);
  server.on("upgrade", (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  const address = server.address();
  const httpPort = typeof address === "object" && address ? address.port : config.http.port;
  logger.info("HTTP API listening", { host: config.http.host, port: httpPort });
  logAccessMode(config, logger);
  return { grpc, server, httpPort, gateway, logReader };
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
