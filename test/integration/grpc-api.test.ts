// The gRPC transport over real parts: health (Check and Watch, following Redis), reflection, the status code of
// every kind of refusal, deadlines, tenants, and a graceful stop.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  type ClientDuplexStream,
  type ClientReadableStream,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GrpcApi, startGrpcServer } from "../../internal/api/grpc/index.js";
import { DEFAULT_SERVICE_LIMITS, GraphService, GraphWatcher } from "../../internal/service/index.js";
import { GraphStore } from "../../internal/store/graph-store.js";
import { PartitionLogReader } from "../../internal/store/partition-logs.js";
import { preloadScripts } from "../../internal/store/script-loader.js";
import { StoreConnection } from "../../internal/store/store-connection.js";
import { WorkerRegistry } from "../../internal/store/worker-registry.js";
import { DagoConnectionError, DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness, silentLogger } from "../helpers/harness.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { testWatchCore } from "../helpers/watch-core.js";

const HELD = { name: "held", nodes: [{ id: "a", type: "noop", requires: ["nobody"] }] };

let h: Harness;
let servers: ApiServers;
let client: DagoGrpcClient;

beforeAll(async () => {
  h = await createHarness();
  servers = await startApiServers(h);
  client = new DagoGrpcClient({ address: servers.grpcAddress, timeoutMs: 10_000 });
});

afterAll(async () => {
  client?.close();
  await servers?.close();
  await h?.close();
});

async function refusal(run: () => Promise<unknown>): Promise<DagoGrpcError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DagoGrpcError) return err;
    throw err;
  }
  throw new Error("the call was not refused");
}

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("status codes", () => {
  it("INVALID_ARGUMENT lists every validation error in the details", async () => {
    const err = await refusal(() =>
      client.submit({
        name: "bad",
        nodes: [
          { id: "a", type: "noop", dependsOn: ["b"] },
          { id: "b", type: "noop", dependsOn: ["a", "ghost"] },
        ],
      }),
    );
    expect(err.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(err.code).toBe("validation_failed");
    expect(err.message).toBe("the graph has 2 problems");
    expect(err.details.map((d) => d.code).sort()).toEqual(["cycle", "unknown_dependency"]);
    expect(err.details.find((d) => d.code === "cycle")).toMatchObject({
      cycle: ["a", "b", "a"],
      nodeId: "a",
    });
  });

  it("NOT_FOUND, FAILED_PRECONDITION and ALREADY_EXISTS", async () => {
    expect(await refusal(() => client.get("01jd0000000000000000000000-1"))).toMatchObject({
      grpcCode: status.NOT_FOUND,
      code: "not_found",
    });
    const { id } = await client.submit(HELD);
    const err = await refusal(() => client.resume(id));
    expect(err).toMatchObject({ grpcCode: status.FAILED_PRECONDITION, code: "invalid_transition" });
    expect(err.details).toEqual([
      { code: "graph_status", message: "graph status is running", status: "running" },
    ]);
    await client.submit(HELD, { idempotencyKey: "k-1" });
    expect(
      await refusal(() => client.submit({ ...HELD, name: "other" }, { idempotencyKey: "k-1" })),
    ).toMatchObject({
      grpcCode: status.ALREADY_EXISTS,
      code: "idempotency_conflict",
    });
  });

  it("RESOURCE_EXHAUSTED for a request above the body limit", async () => {
    const small = await startApiServers(h, { maxBodyBytes: 2000 });
    const tiny = new DagoGrpcClient({ address: small.grpcAddress });
    try {
      const big = { name: "big", nodes: [{ id: "a", type: "llm", prompt: "x".repeat(5000) }] };
      expect(await refusal(() => tiny.submit(big))).toMatchObject({ grpcCode: status.RESOURCE_EXHAUSTED });
      // A request under the limit is still served by the same server.
      expect((await tiny.submit(HELD)).status).toBe("running");
    } finally {
      tiny.close();
      await small.close();
    }
  });

  it("acts for the tenant in x-dago-tenant and refuses a malformed one", async () => {
    const acme = new DagoGrpcClient({ address: servers.grpcAddress, tenantId: "acme" });
    const other = new DagoGrpcClient({ address: servers.grpcAddress, tenantId: "globex" });
    const bad = new DagoGrpcClient({ address: servers.grpcAddress, tenantId: "not a tenant" });
    try {
      const { id, graph } = await acme.submit(HELD);
      expect(graph.tenantId).toBe("acme");
      expect((await acme.get(id)).id).toBe(id);
      expect(await refusal(() => other.get(id))).toMatchObject({ grpcCode: status.NOT_FOUND });
      expect(await refusal(() => client.get(id))).toMatchObject({ grpcCode: status.NOT_FOUND });
      expect((await acme.list()).graphs.map((g) => g.id)).toEqual([id]);
      expect(await refusal(() => bad.list())).toMatchObject({
        grpcCode: status.INVALID_ARGUMENT,
        code: "invalid_request",
      });
    } finally {
      for (const c of [acme, other, bad]) c.close();
    }
  });

  it("PatchGraph: the patched graph, ABORTED for a stale version, paths into the patch, tenants apart", async () => {
    const acme = new DagoGrpcClient({ address: servers.grpcAddress, tenantId: "acme-patch" });
    try {
      const { id, graph } = await acme.submit(HELD);
      const patched = await acme.patchGraph(
        id,
        { addNodes: [{ id: "next", type: "llm", dependsOn: ["a"], prompt: "after {{nodes.a.output}}" }] },
        { ifVersion: graph.version },
      );
      expect(patched.version).toBeGreaterThan(graph.version);
      expect(patched.nodes.next).toMatchObject({ status: "pending", dependsOn: ["a"] });
      expect(await acme.get(id)).toEqual(patched);

      const stale = await refusal(() =>
        acme.patchGraph(id, { removeNodes: ["next"] }, { ifVersion: graph.version }),
      );
      expect(stale).toMatchObject({ grpcCode: status.ABORTED, code: "version_conflict" });
      expect(stale.currentVersion).toBe(patched.version);

      const invalid = await refusal(() =>
        acme.patchGraph(id, { addNodes: [{ id: "x", type: "noop", dependsOn: ["ghost"] }] }),
      );
      expect(invalid).toMatchObject({ grpcCode: status.INVALID_ARGUMENT, code: "validation_failed" });
      expect(invalid.details).toEqual([
        expect.objectContaining({ code: "unknown_dependency", path: "/addNodes/0/dependsOn/0" }),
      ]);

      expect(await refusal(() => client.patchGraph(id, { removeNodes: ["next"] }))).toMatchObject({
        grpcCode: status.NOT_FOUND,
      });
      await acme.cancel(id);
      expect(await refusal(() => acme.patchGraph(id, { removeNodes: ["next"] }))).toMatchObject({
        grpcCode: status.FAILED_PRECONDITION,
        code: "invalid_transition",
      });
    } finally {
      acme.close();
    }
  });

  it("DEADLINE_EXCEEDED ends a watch at its deadline, and the server lets the watch go", async () => {
    const { id } = await client.submit(HELD);
    const grpcObject = loadDagoGrpc();
    const Orchestrator = (grpcObject.dago as GrpcObject).v1 as GrpcObject;
    const raw = new (Orchestrator.Orchestrator as ServiceClientConstructor)(
      servers.grpcAddress,
      credentials.createInsecure(),
    );
    const received: unknown[] = [];
    const call: ClientReadableStream<unknown> = raw.WatchGraph!({ graphId: id }, new Metadata(), {
      deadline: Date.now() + 500,
    });
    call.on("data", (message) => received.push(message));
    const ended = await new Promise<ServiceError>((resolve) => call.on("error", resolve));
    expect(ended.code).toBe(status.DEADLINE_EXCEEDED);
    expect(received).toHaveLength(3);
    await waitUntil(() => servers.grpc.activeWatches === 0 && servers.log.listeners === 0, "release");
    // A unary call whose deadline has already passed is not run.
    const late = await new Promise<ServiceError | null>((resolve) =>
      raw.CancelGraph!({ graphId: id }, new Metadata(), { deadline: Date.now() - 1 }, resolve),
    );
    expect(late?.code).toBe(status.DEADLINE_EXCEEDED);
    expect((await client.get(id)).status).toBe("running");
    raw.close();
  });
});

/** Runs the buf command line (a devDependency, built on the Go protobuf runtime) and returns its output. */
function bufCli(args: string[]): Promise<string> {
  const bin = createRequire(import.meta.url).resolve("@bufbuild/buf/bin/buf");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`buf ${args.join(" ")} failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

function loadDagoGrpc(): GrpcObject {
  const protoDir = new URL("../../proto/", import.meta.url).pathname;
  return loadPackageDefinition(loadSync("dago/v1/orchestrator.proto", { includeDirs: [protoDir] }));
}

describe("reflection", () => {
  it("lists the Orchestrator and Health services and describes them", async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve("@grpc/reflection/package.json"));
    const definition = loadSync("grpc/reflection/v1/reflection.proto", {
      includeDirs: [join(root, "build/proto")],
      keepCase: true,
    });
    const reflection = ((loadPackageDefinition(definition).grpc as GrpcObject).reflection as GrpcObject)
      .v1 as GrpcObject;
    const Client = reflection.ServerReflection as ServiceClientConstructor;
    const raw = new Client(servers.grpcAddress, credentials.createInsecure());
    const ask = (request: Record<string, string>) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const call: ClientDuplexStream<unknown, Record<string, unknown>> = raw.ServerReflectionInfo!();
        call.on("data", (answer) => {
          resolve(answer);
          call.end();
        });
        call.on("error", reject);
        call.write(request);
      });
    const listed = await ask({ list_services: "*" });
    const names = (listed.list_services_response as { service: Array<{ name: string }> }).service.map(
      (s) => s.name,
    );
    expect(names).toEqual(expect.arrayContaining(["dago.v1.Orchestrator", "grpc.health.v1.Health"]));
    const described = await ask({ file_containing_symbol: "dago.v1.Orchestrator" });
    const files = (described.file_descriptor_response as { file_descriptor_proto: Buffer[] })
      .file_descriptor_proto;
    const contents = files.map((file) => file.toString("latin1"));
    expect(contents.some((file) => file.includes("WatchGraph"))).toBe(true);
    // Its imports come along, so clients can resolve google.protobuf.Struct.
    expect(contents.some((file) => file.includes("google/protobuf/struct.proto"))).toBe(true);
    raw.close();
  });

  it("lets a reflection-only command-line client (buf curl) list and call the API", async () => {
    const url = `http://${servers.grpcAddress}`;
    const flags = ["curl", "--protocol", "grpc", "--http2-prior-knowledge"];
    const listed = await bufCli([...flags, "--list-methods", url]);
    expect(listed.split("\n")).toEqual(
      expect.arrayContaining(["dago.v1.Orchestrator/WatchGraph", "grpc.health.v1.Health/Check"]),
    );
    const body = {
      graph: { name: "by-reflection", nodes: [{ id: "a", type: "llm", params: { prompt: "hi" } }] },
    };
    const answer = JSON.parse(
      await bufCli([...flags, "-d", JSON.stringify(body), `${url}/dago.v1.Orchestrator/SubmitGraph`]),
    ) as { graph: { id: string; status: string; nodes: Record<string, { type: string }> } };
    expect(answer.graph.status).toBe("GRAPH_STATUS_RUNNING");
    expect(answer.graph.nodes.a?.type).toBe("llm");
    expect((await client.get(answer.graph.id)).name).toBe("by-reflection");
  });
});

describe("health", () => {
  let redis: TestRedisServer;
  let api: Redis;
  let tail: Redis;
  let grpc: GrpcApi;
  let probe: DagoGrpcClient;

  beforeAll(async () => {
    // A Redis of its own, so it can be stopped without disturbing the other tests.
    redis = await startRedisServer();
    api = new Redis({
      port: redis.port,
      host: "127.0.0.1",
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1000,
      retryStrategy: () => 50,
    });
    api.on("error", () => undefined);
    tail = new Redis({ port: redis.port, host: "127.0.0.1", maxRetriesPerRequest: null });
    tail.on("error", () => undefined);
    await waitUntil(() => api.status === "ready", "Redis");
    await preloadScripts(api);
    const keyPrefix = uniquePrefix();
    const engine = new GraphStore(api, {
      keyPrefix,
      partitions: 2,
      leaseMs: 5000,
      logStreamMaxLen: 1000,
      retentionSeconds: 0,
      idempotencyTtlSeconds: 60,
      maxLeaseLosses: 5,
    });
    const service = new GraphService({
      store: engine,
      connection: new StoreConnection(api),
      workers: new WorkerRegistry(api, keyPrefix),
      limits: { ...DEFAULT_SERVICE_LIMITS, maxEventsPage: 100, maxListPage: 100 },
    });
    const log = new PartitionLogReader(tail, api, { keyPrefix, partitions: 2 }, silentLogger());
    grpc = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      service,
      watcher: new GraphWatcher(testWatchCore(api, keyPrefix, 2, log)),
      logger: silentLogger(),
      maxMessageBytes: 1024 * 1024,
      healthIntervalMs: 50,
    });
    probe = new DagoGrpcClient({ address: `127.0.0.1:${grpc.port}`, timeoutMs: 5000 });
  });

  afterAll(async () => {
    probe?.close();
    await grpc?.stop(500);
    api?.disconnect();
    tail?.disconnect();
    await redis?.stop();
  });

  it("follows Redis: SERVING, NOT_SERVING with UNAVAILABLE calls while it is down, SERVING again", async () => {
    expect(await probe.health()).toBe("SERVING");
    expect(await probe.health("dago.v1.Orchestrator")).toBe("SERVING");
    expect(await refusal(() => probe.health("no.such.Service"))).toMatchObject({
      grpcCode: status.NOT_FOUND,
    });

    const HealthClient = makeHealthClient();
    const watcher = new HealthClient(`127.0.0.1:${grpc.port}`, credentials.createInsecure());
    const seen: string[] = [];
    const watch: ClientReadableStream<{ status: string }> = watcher.Watch!({ service: "" });
    watch.on("data", (message: { status: string }) => seen.push(message.status));
    watch.on("error", () => undefined);
    await waitUntil(() => seen.length === 1, "the first health status");

    redis.kill("SIGKILL");
    await waitUntil(() => seen.includes("NOT_SERVING"), "NOT_SERVING");
    expect(await probe.health()).toBe("NOT_SERVING");
    const down = await probe.list().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(down).toBeInstanceOf(DagoGrpcError);
    expect(down).toMatchObject({ grpcCode: status.UNAVAILABLE, code: "redis_unavailable" });

    await redis.restart();
    await waitUntil(() => seen.at(-1) === "SERVING", "SERVING again");
    expect(seen).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
    await waitUntil(() => api.status === "ready", "the API connection");
    await preloadScripts(api);
    expect((await probe.submit(HELD)).status).toBe("running");
    watch.cancel();
    watcher.close();
  });

  it("on stop turns NOT_SERVING and ends open watches with UNAVAILABLE", async () => {
    const { id } = await probe.submit(HELD);
    const events: string[] = [];
    // Settles with what the watch ended with: nothing, or the error.
    const watching = (async () => {
      for await (const event of probe.watch(id)) events.push(event.type);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    await waitUntil(() => events.length === 3, "the stored events");
    await grpc.stop(500);
    const err = await watching;
    expect(err).toBeInstanceOf(DagoConnectionError);
    expect(String((err as Error).message)).toMatch(/shutting down/);
  });
});

function makeHealthClient(): ServiceClientConstructor {
  const require = createRequire(import.meta.url);
  const { protoPath } = require("grpc-health-check") as { protoPath: string };
  const health = loadPackageDefinition(loadSync(protoPath, { enums: String })).grpc as GrpcObject;
  return ((health.health as GrpcObject).v1 as GrpcObject).Health as ServiceClientConstructor;
}
