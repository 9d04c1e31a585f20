// A waiting approval lives in Redis, not in a process: after a SIGKILL of `dago serve` a new process on the same
// Redis takes a decision over HTTP and finishes the graph, and a decision timeout that fell due while no process
// ran fires once one is back.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GraphView } from "../../internal/contract/graph-views.js";
import type { DagoProcess } from "../helpers/dago-process.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const prefix = uniquePrefix();
let redisServer: TestRedisServer;
let redis: Redis;
const processes: DagoProcess[] = [];

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis({ port: redisServer.port, host: "127.0.0.1" });
});
afterAll(async () => {
  for (const p of processes)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  redis?.disconnect();
  await redisServer?.stop();
});

async function serve() {
  const served = await startServed([], {
    REDIS_URL: redisServer.url,
    DAGO_KEY_PREFIX: prefix,
    DAGO_PARTITIONS: "4",
  });
  processes.push(served.proc);
  return served;
}

async function post(url: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const graph = (url: string, id: string) =>
  fetch(`${url}/api/v1/graphs/${id}`).then((r) => r.json() as Promise<GraphView>);

const until = (url: string, id: string, what: string, ok: (g: GraphView) => boolean) =>
  waitUntil(what, async () => {
    const g = await graph(url, id);
    return ok(g) ? g : undefined;
  });

function reviewGraph(approval: Record<string, unknown>) {
  return {
    name: "restart-review",
    nodes: [
      { id: "review", type: "approval", prompt: "Go?", ...approval },
      { id: "after", type: "noop", dependsOn: ["review"] },
    ],
  };
}

it("takes a decision after a SIGKILL, and fires a timeout that fell due while no process ran", async () => {
  const first = await serve();
  const decided = await post(first.url, "/api/v1/graphs", reviewGraph({ timeoutMs: 600_000 }));
  expect(decided.status).toBe(201);
  const decidedId = String(decided.body.id);
  const timed = await post(
    first.url,
    "/api/v1/graphs",
    reviewGraph({ timeoutMs: 1_500, onTimeout: "approve" }),
  );
  const timedId = String(timed.body.id);
  await until(
    first.url,
    decidedId,
    "the first approval to wait",
    (g) => g.nodes.review?.status === "waiting",
  );
  const waitingTimed = await until(
    first.url,
    timedId,
    "the second approval to wait",
    (g) => g.nodes.review?.status === "waiting",
  );
  const deadline = waitingTimed.nodes.review?.decisionDeadline;
  expect(deadline).toBeGreaterThan(0);

  first.proc.child.kill("SIGKILL");
  expect(await first.proc.exited).toBe("SIGKILL");
  // No process runs until the deadline has passed: the timer can only fire after the restart.
  await waitUntil("the decision deadline to pass", () => Date.now() > Number(deadline) + 200, 30_000);
  const down = await expectGraphsWhole(redis, prefix);
  expect(down.get(timedId)?.state.nodes.review?.status).toBe("waiting");
  expect(down.get(decidedId)?.state.nodes.review?.status).toBe("waiting");

  const second = await serve();
  const yes = await post(second.url, `/api/v1/graphs/${decidedId}/nodes/review/approve`, {
    comment: "after restart",
  });
  expect(yes.status).toBe(200);
  expect(yes.body).toMatchObject({ approved: true, by: "local", comment: "after restart" });
  const end = await until(
    second.url,
    decidedId,
    "the approved graph to end",
    (g) => g.status === "succeeded",
  );
  expect(end.nodes.after?.status).toBe("succeeded");
  const timedEnd = await until(
    second.url,
    timedId,
    "the timed-out graph to end",
    (g) => g.status === "succeeded",
  );
  expect(timedEnd.nodes.review?.output).toMatchObject({ approved: true, by: "timeout" });
  expect(timedEnd.nodes.review?.decision?.timedOut).toBe(true);
  await expectGraphsWhole(redis, prefix);
});
