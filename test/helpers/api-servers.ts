// The HTTP and gRPC transports over one harness's service, on free loopback ports: what `dago serve` runs, from
// its real parts, so a test can talk to both APIs about the same graphs.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { type GrpcApi, startGrpcServer } from "../../internal/api/grpc/index.js";
import { createHttpApp } from "../../internal/api/http/create-http-app.js";
import type { RequestGate } from "../../internal/auth/index.js";
import { GraphWatcher } from "../../internal/service/index.js";
import { PartitionLogReader } from "../../internal/store/partition-logs.js";
import type { Harness } from "./harness.js";
import { testRedisPort } from "./redis-port.js";
import { testWatchCore } from "./watch-core.js";

export interface ApiServers {
  httpUrl: string;
  grpcAddress: string;
  grpc: GrpcApi;
  log: PartitionLogReader;
  close(): Promise<void>;
}

export async function startApiServers(
  h: Harness,
  /** `gate`: API keys for both transports; without one, both are open. */
  options: { maxBodyBytes?: number; healthIntervalMs?: number; gate?: RequestGate } = {},
): Promise<ApiServers> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const blocking = new Redis({ port: testRedisPort(), host: "127.0.0.1", maxRetriesPerRequest: null });
  const log = new PartitionLogReader(
    blocking,
    h.redis,
    { keyPrefix: h.keyPrefix, partitions: h.engine.options.partitions, blockMs: 500 },
    h.logger,
  );
  const grpc = await startGrpcServer({
    host: "127.0.0.1",
    port: 0,
    service: h.service,
    watcher: new GraphWatcher(testWatchCore(h.redis, h.keyPrefix, h.engine.options.partitions, log)),
    logger: h.logger,
    maxMessageBytes: maxBodyBytes,
    healthIntervalMs: options.healthIntervalMs ?? 100,
    ...(options.gate ? { gate: options.gate } : {}),
  });
  const server: Server = createHttpApp({
    service: h.service,
    logger: h.logger,
    maxBodyBytes,
    ...(options.gate ? { gate: options.gate } : {}),
  }).listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  return {
    httpUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    grpcAddress: `127.0.0.1:${grpc.port}`,
    grpc,
    log,
    async close() {
      await grpc.stop(1000);
      await log.stop();
      await new Promise((done) => server.close(done));
    },
  };
}
