// Chaos run: two API processes and three worker processes on one private redis-server (appendonly, fsync always)
// run a stream of random graphs while the run kills workers (SIGKILL, and SIGTERM for a graceful hand-back),
// kills API processes, and once kills redis-server itself and starts it again on the same data. Clients submit
// with an Idempotency-Key and retry on the other API until one acknowledges; some graphs are cancelled. At the
// end every acknowledged graph has ended in its right state (succeeded, failed by the node meant to fail, or
// cancelled when a cancel was acknowledged), and the invariant checker finds nothing wrong with any graph.
//
// Bounded for `make test` (about a minute, under 200 graphs). Longer runs:
//   DAGO_CHAOS_SECONDS=600 DAGO_CHAOS_GRAPHS=5000 npx vitest run test/fault/chaos.test.ts
// DAGO_CHAOS_SEED=<n> replays the graph shapes and the kill schedule of a run (its seed is printed on failure).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GraphState } from "../../internal/domain/state.js";
import { TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { checkGraphs, listGraphIds } from "../../internal/store/check/index.js";
import { decodeEvent, type StreamEntry } from "../../internal/store/event-codec.js";
import { graphKeys, workerKey, workersKey } from "../../internal/store/keys.js";
import { readRawProjection, toGraphState } from "../../internal/store/projection.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { ChaosCluster, type Member } from "./chaos-cluster.js";
import { type ChaosGraph, randomGraph, seededRandom } from "./chaos-graphs.js";

const CHAOS_SECONDS = Number(process.env.DAGO_CHAOS_SECONDS ?? 45);
const MAX_GRAPHS = Number(process.env.DAGO_CHAOS_GRAPHS ?? 180);
const SEED = Number(process.env.DAGO_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PARTITIONS = 8;

interface Tracked {
  graph: ChaosGraph;
  id: string;
  /** acknowledged: the cancel was applied; refused: the graph had ended; unknown: no answer. */
  cancel?: "acknowledged" | "refused" | "unknown";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redisServer: TestRedisServer;
let redis: Redis;
let cluster: ChaosCluster;
const keyPrefix = uniquePrefix();

beforeAll(async () => {
  redisServer = await startRedisServer({ appendonly: true, appendfsync: "always" });
  redis = new Redis({ host: "127.0.0.1", port: redisServer.port, maxRetriesPerRequest: null });
  redis.on("error", () => undefined);
  cluster = new ChaosCluster({
    REDIS_URL: redisServer.url,
    DAGO_KEY_PREFIX: keyPrefix,
    DAGO_PARTITIONS: String(PARTITIONS),
    // A killed worker costs two seconds; lease losses never fail a node, so every graph has one right end.
    DAGO_LEASE_MS: "2000",
    DAGO_MAX_LEASE_LOSSES: "1000",
    DAGO_TIMER_INTERVAL_MS: "100",
    // A grace shorter than most nodes: a SIGTERM hands most running nodes back.
    DAGO_SHUTDOWN_GRACE_MS: "100",
    WORKER_POOL_SIZE: "8",
    MOCK_LLM_LATENCY_MS: "300",
    LLM_PROVIDER: "mock",
    LOG_LEVEL: "warn",
  });
  await cluster.addApi("api-1");
  await cluster.addApi("api-2");
  for (const name of ["worker-1", "worker-2", "worker-3"]) cluster.addWorker(name);
  await cluster.waitReady();
});

afterAll(async () => {
  await cluster?.stopAll();
  redis?.disconnect();
  await redisServer?.stop();
});

/**
 * POSTs to one API after another until one answers below 500; undefined when none did in time. `tries` > 1 means
 * an earlier try may have been applied without an answer (its process died, or Redis did, mid-request).
 */
async function post(
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ res: Response; tries: number } | undefined> {
  const apis = cluster.apis();
  let next = Math.floor(Math.random() * apis.length);
  const deadline = Date.now() + 30_000;
  for (let tries = 1; Date.now() < deadline; tries++) {
    const api = apis[next++ % apis.length] as Member;
    try {
      const res = await fetch(`${cluster.url(api)}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status < 500) return { res, tries };
      await res.body?.cancel();
    } catch {
      // refused or cut: that API is down or restarting; the other one may answer
    }
    await sleep(150);
  }
  return undefined;
}

async function submit(graph: ChaosGraph): Promise<string | undefined> {
  const answer = await post("/api/v1/graphs", graph.spec, { "idempotency-key": randomUUID() });
  if (!answer) return undefined;
  const { res } = answer;
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`submit refused with ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.id;
}

async function cancel(tracked: Tracked): Promise<void> {
  const answer = await post(`/api/v1/graphs/${tracked.id}/cancel`, {}, {});
  await answer?.res.body?.cancel();
  const status = answer?.res.status;
  // A 409 after a try that got no answer may be the refusal of a cancel that try applied.
  tracked.cancel =
    status === 200 ? "acknowledged" : status === 409 && answer?.tries === 1 ? "refused" : "unknown";
}

/** The kills of the run: a worker first, an API second, redis-server once at 40 %, then at random. */
async function wreak(random: () => number, until: number, counts: Record<string, number>): Promise<void> {
  const redisAt = Date.now() + (until - Date.now()) * 0.4;
  let redisDone = false;
  for (let round = 0; Date.now() < until; round++) {
    await sleep(2500 + random() * 2500);
    if (Date.now() >= until) break;
    if (!redisDone && Date.now() >= redisAt) {
      redisDone = true;
      cluster.note("SIGKILL redis-server");
      redisServer.kill("SIGKILL");
      await sleep(500 + random() * 1000);
      await redisServer.restart();
      cluster.note("redis-server restarted");
      counts.redis = (counts.redis ?? 0) + 1;
      continue;
    }
    const roll = round === 0 ? 0 : round === 1 ? 0.9 : random();
    const pool = roll < 0.65 ? await busyFirst(cluster.workers()) : cluster.apis();
    const victim = pool[Math.floor(random() * pool.length)] as Member;
    const signal = victim.role === "worker" && roll >= 0.45 ? "SIGTERM" : "SIGKILL";
    await cluster.kill(victim, signal);
    counts[`${victim.role}:${signal}`] = (counts[`${victim.role}:${signal}`] ?? 0) + 1;
    await sleep(300 + random() * 1200);
    cluster.restart(victim);
  }
}

/** The workers that were running nodes at their last heartbeat, or all of them when none was. */
async function busyFirst(workers: Member[]): Promise<Member[]> {
  const busy = new Set<number>();
  try {
    for (const id of await redis.zrange(workersKey(keyPrefix), 0, -1)) {
      const [pid, running] = await redis.hmget(workerKey(keyPrefix, id), "pid", "busy");
      if (Number(running) > 0) busy.add(Number(pid));
    }
  } catch {
    return workers;
  }
  const chosen = workers.filter((w) => busy.has(w.process.child.pid ?? -1));
  return chosen.length > 0 ? chosen : workers;
}

async function readState(id: string): Promise<GraphState | undefined> {
  const raw = await readRawProjection(redis, keyPrefix, id);
  return raw && toGraphState(id, raw);
}

/** Why a graph's end state is wrong, or undefined when it is right. */
function wrongEnd(tracked: Tracked, state: GraphState | undefined): string | undefined {
  if (!state) return "the graph is gone";
  const { graph } = tracked;
  const right =
    tracked.cancel === "acknowledged"
      ? ["cancelled"]
      : tracked.cancel === "unknown"
        ? ["cancelled", graph.expected]
        : [graph.expected];
  if (!right.includes(state.status)) return `ended ${state.status}, expected ${right.join(" or ")}`;
  if (state.status === "failed") {
    const culprit = state.error?.nodeId;
    if (state.error?.code !== "node_failed" || !culprit || !graph.failing.includes(culprit)) {
      return `failed with ${JSON.stringify(state.error)}, expected one of ${graph.failing.join(", ")}`;
    }
  }
  if (state.status === "succeeded") {
    for (const node of Object.values(state.nodes)) {
      const meantToFail = graph.failing.includes(node.id);
      if (node.status === "failed" && !meantToFail)
        return `node ${node.id} failed: ${JSON.stringify(node.error)}`;
      if (node.status === "failed" && node.error?.code !== "llm_provider_unavailable") {
        return `node ${node.id} failed with ${node.error?.code}`;
      }
    }
  }
  return undefined;
}

it(
  "ends every acknowledged graph in its right state and breaks no invariant",
  async () => {
    // One sequence for the graphs, one for the kills, so each replays whatever the timing.
    const random = seededRandom(SEED);
    const began = Date.now();
    const until = began + CHAOS_SECONDS * 1000;
    const tracked: Tracked[] = [];
    const counts: Record<string, number> = {};
    let unacknowledged = 0;
    const pending = new Set<Promise<void>>();
    const chaos = wreak(seededRandom(SEED + 1), until, counts);

    const pace = (CHAOS_SECONDS * 1000) / MAX_GRAPHS;
    for (let i = 0; i < MAX_GRAPHS && Date.now() < until; i++) {
      const graph = randomGraph(random, i);
      const cancelAfter = random() < 0.1 ? random() * 150 : undefined;
      const task: Promise<void> = (async () => {
        const id = await submit(graph);
        if (!id) {
          unacknowledged += 1;
          return;
        }
        const entry: Tracked = { graph, id };
        tracked.push(entry);
        if (cancelAfter !== undefined) {
          await sleep(cancelAfter);
          await cancel(entry);
        }
      })().finally(() => pending.delete(task));
      pending.add(task);
      while (pending.size >= 16) await Promise.race(pending);
      await sleep(pace);
    }
    await Promise.all(pending);
    await chaos;
    await cluster.waitReady();
    cluster.note(`chaos over: ${tracked.length} graphs acknowledged, ${unacknowledged} not`);

    // Every graph ends, acknowledged or not: poll until none is left running.
    const settleDeadline = Date.now() + 120_000;
    let open: string[] = [];
    for (;;) {
      open = [];
      for (const id of await listGraphIds(redis, keyPrefix)) {
        const status = await redis.hget(graphKeys(keyPrefix, id).meta, "status");
        if (!TERMINAL_GRAPH_STATUSES.has(status as GraphState["status"])) open.push(id);
      }
      if (open.length === 0 || Date.now() > settleDeadline) break;
      await sleep(500);
    }
    const settledAfter = `${((Date.now() - until) / 1000).toFixed(1)}s`;
    cluster.note(`settled ${settledAfter} after the chaos`);
    const context = () =>
      `seed ${SEED}; ${JSON.stringify(counts)}\n${cluster.log.join("\n")}\n${cluster.tails()}`;
    expect(open, `graphs that never ended (${context()})`).toEqual([]);

    const wrong: string[] = [];
    for (const entry of tracked) {
      const why = wrongEnd(entry, await readState(entry.id));
      if (why) wrong.push(`${entry.id} (${entry.graph.spec.name}): ${why}`);
    }
    expect(wrong, context()).toEqual([]);

    const checkBegan = Date.now();
    const report = await checkGraphs(redis, { keyPrefix, requireTerminal: true });
    const checkMs = Date.now() - checkBegan;
    const retries: Record<string, number> = {};
    for (const entry of tracked) {
      const entries = (await redis.xrange(graphKeys(keyPrefix, entry.id).events, "-", "+")) as StreamEntry[];
      for (const event of entries.map((e) => decodeEvent(entry.id, "", e))) {
        if (event.type !== "NodeRetrying") continue;
        const code = (event.data.error as { code?: string } | undefined)?.code ?? "unknown";
        retries[code] = (retries[code] ?? 0) + 1;
      }
    }
    expect(report.violations, context()).toEqual([]);
    expect(report.graphs).toBeGreaterThanOrEqual(tracked.length);
    expect(counts.redis, "redis-server was killed and restarted once").toBe(1);
    expect(counts["worker:SIGKILL"], "a worker was killed").toBeGreaterThanOrEqual(1);
    expect(counts["api:SIGKILL"], "an API process was killed").toBeGreaterThanOrEqual(1);
    console.info(
      `chaos: seed ${SEED}, ${CHAOS_SECONDS}s, settled ${settledAfter} later, ` +
        `${tracked.length} graphs acknowledged (${unacknowledged} not), ` +
        `${JSON.stringify(report.statuses)} checked in ${checkMs} ms, kills ${JSON.stringify(counts)}, retries ${JSON.stringify(retries)}`,
    );
  },
  (CHAOS_SECONDS + 240) * 1000,
);
