// Redis unreachable for 10 s while `dago serve` runs, in both ways it happens: the server hangs (SIGSTOP: the TCP
// connections stay open and nothing answers) and the server is gone (SIGKILL, restarted after 10 s: connections
// are refused). Meanwhile every API call answers within a bounded time with a retryable "Redis unavailable"
// (HTTP 503 redis_unavailable, gRPC UNAVAILABLE), /ready says not ready, and the process stays up without flooding
// its log. Afterwards everything goes on without a restart: the graph submitted before and one submitted after
// both finish.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { countOpenGraphs } from "../helpers/open-graphs.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { type ServedDago, startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const OUTAGE_MS = 10_000;
/** Far above the bound the API keeps (one Redis command timeout, 5 s): an aborted call means a hung request. */
const CLIENT_TIMEOUT_MS = 20_000;
const PARTITIONS = 4;
const prefix = uniquePrefix();

let server: TestRedisServer;
let redis: Redis;
let dago: ServedDago;
let grpc: DagoGrpcClient;

beforeAll(async () => {
  server = await startRedisServer({ appendonly: true, appendfsync: "always" });
  redis = new Redis({ port: server.port, host: "127.0.0.1" });
  redis.on("error", () => undefined);
  dago = await startServed([], {
    REDIS_URL: server.url,
    DAGO_KEY_PREFIX: prefix,
    DAGO_PARTITIONS: String(PARTITIONS),
    MOCK_LLM_LATENCY_MS: "1000",
    WORKER_POOL_SIZE: "4",
  });
  grpc = new DagoGrpcClient({ address: dago.grpcAddress, timeoutMs: CLIENT_TIMEOUT_MS });
});
afterAll(async () => {
  grpc?.close();
  server?.kill("SIGCONT");
  if (dago && dago.proc.child.exitCode === null) dago.proc.child.kill("SIGKILL");
  redis?.disconnect();
  await server?.stop();
});

interface Timed<T> {
  value: T;
  ms: number;
}

async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const began = Date.now();
  const value = await call();
  return { value, ms: Date.now() - began };
}

/** An HTTP call as a client sees it: status and error code, or the abort that means the request hung. */
async function http(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; code?: string; message?: string; id?: string }> {
  const res = await fetch(`${dago.url}${path}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  const body = (await res.json()) as { id?: string; error?: { code?: string; message?: string } };
  return {
    status: res.status,
    ...(body.error?.code ? { code: body.error.code } : {}),
    ...(body.error?.message ? { message: body.error.message } : {}),
    ...(body.id ? { id: body.id } : {}),
  };
}

function submit(name: string) {
  return http("/api/v1/graphs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name,
      nodes: [
        { id: "a", type: "llm", prompt: `${name} a` },
        { id: "b", type: "llm", prompt: `${name} b`, dependsOn: ["a"] },
      ],
    }),
  });
}

async function graphStatus(id: string): Promise<string | undefined> {
  const res = await fetch(`${dago.url}/api/v1/graphs/${id}`, {
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  return res.ok ? ((await res.json()) as { status: string }).status : undefined;
}

function logLines(from: number): string[] {
  return dago.proc.output().slice(from).split("\n").filter(Boolean);
}

/** What clients saw during one outage. */
async function probeDuringOutage(graphId: string, submittedName: string) {
  const [get, post, ready, viaGrpc] = await Promise.all([
    timed(() => http(`/api/v1/graphs/${graphId}`)),
    timed(() => submit(submittedName)),
    timed(() => http("/ready")),
    timed(() =>
      grpc.get(graphId).then(
        () => ({ ok: true }),
        (err: unknown) => err,
      ),
    ),
  ]);
  return { get, post, ready, viaGrpc };
}

function expectUnavailable(probes: Awaited<ReturnType<typeof probeDuringOutage>>) {
  expect(probes.get.value).toMatchObject({ status: 503, code: "redis_unavailable" });
  expect(probes.post.value).toMatchObject({ status: 503, code: "redis_unavailable" });
  expect(probes.post.value.id).toBeUndefined();
  expect(probes.ready.value.status).toBe(503);
  expect(probes.viaGrpc.value).toBeInstanceOf(DagoGrpcError);
  expect(probes.viaGrpc.value).toMatchObject({ grpcCode: 14, code: "redis_unavailable" });
}

/**
 * Runs one outage: `begin` makes Redis unreachable, `end` brings it back after OUTAGE_MS. `noticed` resolves once
 * the API knows Redis is gone (when that can be known without waiting for a timeout).
 */
async function outage(
  kind: string,
  begin: () => void,
  end: () => Promise<void>,
  noticed: () => Promise<unknown> = async () => undefined,
) {
  const before = await submit(`before-${kind}`);
  expect(before.status).toBe(201);
  const beforeId = before.id as string;
  await waitUntil("the graph to run", async () => {
    const res = await fetch(`${dago.url}/api/v1/graphs/${beforeId}`);
    const view = (await res.json()) as { nodes: Record<string, { status: string }> };
    return view.nodes.a?.status === "running";
  });

  const logFrom = dago.proc.output().length;
  begin();
  const began = Date.now();
  await noticed();
  const probes = await probeDuringOutage(beforeId, `during-${kind}`);
  // The outage outlasted every probe, so each answer above was given while Redis was unreachable.
  expect(Date.now() - began).toBeLessThan(OUTAGE_MS);
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - began)));
  await end();
  const logDuringOutage = logLines(logFrom);

  expect(dago.proc.child.exitCode).toBeNull();
  expectUnavailable(probes);
  // Workers wait and retry quietly: a handful of warnings, no error flood, no crash.
  expect(logDuringOutage.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  expect(logDuringOutage.length).toBeLessThan(50);

  // Back without a restart: ready again, the graph from before finishes, a new one runs.
  await waitUntil("/ready to answer 200", async () => (await http("/ready")).status === 200);
  const after = await submit(`after-${kind}`);
  expect(after.status).toBe(201);
  await waitUntil("both graphs to succeed", async () => {
    const statuses = await Promise.all([graphStatus(beforeId), graphStatus(after.id as string)]);
    return statuses.every((s) => s === "succeeded");
  });
  return { probes, logDuringOutage };
}

async function expectNothingStuckOrTorn() {
  await waitUntil("no open graph", async () => (await countOpenGraphs(redis, prefix, PARTITIONS)) === 0);
  const stored = await expectGraphsWhole(redis, prefix);
  for (const graph of stored.values()) expect(graph.state.status).toBe("succeeded");
  return stored;
}

describe("Redis unreachable for 10 s", () => {
  it("hangs (SIGSTOP): bounded 503 / UNAVAILABLE answers, then everything goes on", async () => {
    const { probes, logDuringOutage } = await outage(
      "hang",
      () => server.kill("SIGSTOP"),
      async () => server.kill("SIGCONT"),
    );
    // The submission was sent before its command timed out: Redis may still apply it when it wakes, and the
    // answer says so. Whether it was, the graph is whole and runs like any other.
    expect(probes.post.value.message).toMatch(/may still be applied/);
    const stored = await expectNothingStuckOrTorn();
    const during = [...stored.values()].filter((g) => g.state.name === "during-hang");
    expect(during.length).toBeLessThanOrEqual(1);
    console.info(
      `redis-outage hang: GET ${probes.get.ms} ms, POST ${probes.post.ms} ms, /ready ${probes.ready.ms} ms, ` +
        `gRPC ${probes.viaGrpc.ms} ms, ${logDuringOutage.length} log lines; the submission refused with 503 was ` +
        `recorded anyway: ${during.length}`,
    );
  });

  it("is refused (killed, restarted after 10 s): immediate 503 / UNAVAILABLE answers, then everything goes on", async () => {
    // A request sent in the instant before the API saw the connection drop cannot know whether Redis read it;
    // once the drop is seen, requests are refused at once, before anything is sent.
    const { probes, logDuringOutage } = await outage(
      "refused",
      () => server.kill("SIGKILL"),
      () => server.restart(),
      () => waitUntil("the API to see Redis gone", async () => (await http("/ready")).status === 503),
    );
    const stored = await expectNothingStuckOrTorn();
    // A refused connection means the command never reached Redis: the 503 is exact, nothing was recorded.
    expect(probes.post.value.message).toMatch(/was not applied/);
    expect([...stored.values()].filter((g) => g.state.name === "during-refused")).toEqual([]);
    console.info(
      `redis-outage refused: GET ${probes.get.ms} ms, POST ${probes.post.ms} ms, /ready ${probes.ready.ms} ms, ` +
        `gRPC ${probes.viaGrpc.ms} ms, ${logDuringOutage.length} log lines`,
    );
  });
});
