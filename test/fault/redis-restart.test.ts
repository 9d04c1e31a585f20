// redis-server crashes (SIGKILL) under load and is started again on the same data directory, while `dago serve`
// keeps running: its connections come back by themselves. With appendfsync always nothing acknowledged is lost;
// with everysec only the writes acknowledged just before the crash may be. Either way every graph that exists is
// whole (its history folds to its projection) and runs to the end: none is left stuck.
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import type { DagoProcess } from "../helpers/dago-process.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { countOpenGraphs } from "../helpers/open-graphs.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { startServed } from "../helpers/served-dago.js";
import { type Submission, startSubmissionTraffic } from "../helpers/submission-traffic.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const PARTITIONS = 8;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function graphSpec(n: number) {
  return {
    input: { n },
    nodes: [
      { id: "draft", type: "llm", prompt: "draft {{input.n}}" },
      { id: "check", type: "noop", dependsOn: ["draft"] },
      { id: "final", type: "llm", prompt: "final", dependsOn: ["check"] },
    ],
  };
}

interface CrashOutcome {
  redis: Redis;
  prefix: string;
  acknowledged: Submission[];
  refusedDuringOutage: Submission[];
  /** Events each acknowledged graph had when read back just before the crash. */
  seenBeforeCrash: Map<string, string[]>;
  killedAt: number;
}

async function crashRedisUnderLoad(appendfsync: "always" | "everysec"): Promise<CrashOutcome> {
  const server: TestRedisServer = await startRedisServer({ appendonly: true, appendfsync });
  cleanups.push(() => server.stop());
  const redis = new Redis({ port: server.port, host: "127.0.0.1" });
  // This connection rides out the crash like dago's do; its reconnection errors are expected.
  redis.on("error", () => undefined);
  cleanups.push(async () => redis.disconnect());
  const prefix = uniquePrefix();
  const served = await startServed([], {
    REDIS_URL: server.url,
    DAGO_KEY_PREFIX: prefix,
    DAGO_PARTITIONS: String(PARTITIONS),
    MOCK_LLM_LATENCY_MS: "100",
    WORKER_POOL_SIZE: "16",
  });
  const dago: DagoProcess = served.proc;
  cleanups.push(async () => {
    if (dago.child.exitCode === null) dago.child.kill("SIGKILL");
  });

  // Half the clients' submissions carry an Idempotency-Key, half do not: both kinds must survive alike.
  const traffic = startSubmissionTraffic(() => served.url, {
    clients: 4,
    spec: graphSpec,
    withKey: (n) => n % 2 === 0,
  });
  cleanups.push(() => traffic.stop());
  await waitUntil("60 acknowledged submissions", () => traffic.acknowledged().length >= 60);

  const seenBeforeCrash = new Map<string, string[]>();
  for (const s of traffic.acknowledged()) {
    const entries = (await redis.xrange(`${prefix}:{${s.id?.split("-")[1]}}:g:${s.id}:e`, "-", "+")) as Array<
      [string, string[]]
    >;
    seenBeforeCrash.set(
      s.id as string,
      entries.map(([id]) => id),
    );
  }
  const acknowledgedBeforeCrash = traffic.acknowledged().length;
  server.kill("SIGKILL");
  const killedAt = Date.now();
  // While Redis is gone the API refuses at once with 503 redis_unavailable.
  await waitUntil("a submission refused during the outage", () =>
    traffic.submissions.some((s) => (s.answeredAt ?? 0) > killedAt && s.status === 503),
  );
  await server.restart();
  const restartedAt = Date.now();
  // dago was not restarted: its connections come back and new submissions are acknowledged again.
  await waitUntil(
    "20 submissions acknowledged after the restart",
    () => traffic.acknowledged().filter((s) => (s.answeredAt ?? 0) > restartedAt).length >= 20,
  );
  await traffic.stop();
  expect(traffic.acknowledged().length).toBeGreaterThan(acknowledgedBeforeCrash);
  await waitUntil(
    "every graph to end",
    async () => (await countOpenGraphs(redis, prefix, PARTITIONS)) === 0,
    30_000,
    100,
  );
  expect(dago.child.exitCode).toBeNull();
  dago.child.kill("SIGTERM");
  expect(await dago.exited).toBe(0);

  const answered = traffic.submissions.filter((s) => s.status !== undefined);
  const refusedDuringOutage = answered.filter((s) => s.status !== 201 && s.status !== 200);
  return {
    redis,
    prefix,
    acknowledged: traffic.acknowledged(),
    refusedDuringOutage,
    seenBeforeCrash,
    killedAt,
  };
}

/** What holds whatever the fsync policy: every stored graph whole, ended, succeeded, and recorded once. */
async function expectWholeAndFinished(outcome: CrashOutcome) {
  const stored = await expectGraphsWhole(outcome.redis, outcome.prefix);
  for (const graph of stored.values()) expect(graph.state.status).toBe("succeeded");
  // One request, one graph: no submission was applied twice by a command resent after the reconnection.
  const names = [...stored.values()].map((g) => g.state.name);
  expect(names.length - new Set(names).size).toBe(0);
  // Refusals say what happened, with the retryable code.
  for (const s of outcome.refusedDuringOutage)
    expect({ status: s.status, code: s.code }).toEqual({ status: 503, code: "redis_unavailable" });
  return stored;
}

it("loses nothing acknowledged with appendfsync always, and finishes every graph without a dago restart", async () => {
  const outcome = await crashRedisUnderLoad("always");
  const stored = await expectWholeAndFinished(outcome);
  for (const s of outcome.acknowledged) expect(stored.has(s.id as string)).toBe(true);
  // Every event read back before the crash is still there, in the same place of its graph's history.
  for (const [id, seen] of outcome.seenBeforeCrash) {
    const events = stored.get(id)?.events.map((e) => e.id) ?? [];
    expect(events.slice(0, seen.length)).toEqual(seen);
  }
  console.info(
    `redis-restart always: ${outcome.acknowledged.length} acknowledged, ${outcome.refusedDuringOutage.length} ` +
      `refused with 503 during the outage, ${stored.size} graphs stored`,
  );
});

it("with appendfsync everysec, loses at most the last moments before the crash and leaves nothing torn", async () => {
  const outcome = await crashRedisUnderLoad("everysec");
  const stored = await expectWholeAndFinished(outcome);
  const lost = outcome.acknowledged.filter((s) => !stored.has(s.id as string));
  // Redis' own bound for everysec: the last second of writes, two when the disk stalls a background fsync.
  for (const s of lost) expect(outcome.killedAt - (s.answeredAt ?? 0)).toBeLessThanOrEqual(2000);
  console.info(
    `redis-restart everysec: ${outcome.acknowledged.length} acknowledged, ${lost.length} lost, ` +
      `${stored.size} graphs stored`,
  );
});
