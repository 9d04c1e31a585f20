// The gRPC transport: the Orchestrator service over the application core, the standard health service, and
// server reflection (so grpcurl-style tools can list and call the API without the .proto files).
import { type ChannelOptions, Server, ServerCredentials, status } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import type { Logger } from "../../observability/index.js";
import { logGrpcJsTo } from "./grpc-js-log.js";
import { HealthMonitor } from "./health-monitor.js";
import { loadDagoProto, reflectedContract } from "./load-proto.js";
import { ActiveWatches, type OrchestratorDeps, orchestratorHandlers } from "./orchestrator-handlers.js";
import { withTolerantDecoding } from "./undecodable-request.js";

export interface GrpcServerOptions extends OrchestratorDeps {
  host: string;
  /** 0 picks a free port; the bound one is GrpcApi.port. */
  port: number;
  /** Largest request message accepted; a larger one is refused with RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /** How often the health status is refreshed from the service's readiness (2000 ms). */
  healthIntervalMs?: number;
  logger: Logger;
}

export interface GrpcApi {
  readonly port: number;
  /** Watches still open (for tests and metrics). */
  readonly activeWatches: number;
  /**
   * Stops taking calls: health turns NOT_SERVING, open watches end with UNAVAILABLE (clients resume elsewhere from
   * their last event id), unary calls under way get up to `graceMs` to finish.
   */
  stop(graceMs?: number): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcApi> {
  logGrpcJsTo(options.logger);
  const grpcObject = loadDagoProto();
  const channelOptions: ChannelOptions = {
    "grpc.max_receive_message_length": options.maxMessageBytes,
  };
  const server = new Server(channelOptions);
  const watches = new ActiveWatches();
  server.addService(
    withTolerantDecoding(grpcObject.dago.v1.Orchestrator.service),
    orchestratorHandlers(options, watches),
  );

  const health = new HealthMonitor(options.service, options.logger, options.healthIntervalMs ?? 2000);
  health.implementation.addToServer(server);
  new ReflectionService(reflectedContract()).addToServer(server);

  await health.start();
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
  } catch (err) {
    health.stop();
    server.forceShutdown();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    port,
    get activeWatches() {
      return watches.size;
    },
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        health.stop();
        watches.abortAll({ code: status.UNAVAILABLE, details: "the server is shutting down" });
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            // Health watches (and calls that outlived the grace period) never end on their own.
            server.forceShutdown();
            resolve();
          }, graceMs);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
      })();
      return stopping;
    },
  };
}
