// An API process SIGKILLed in the middle of a burst of submissions leaves no graph half-written: every submission
// it acknowledged runs to the end once an API and a worker are back, and a client that retries with the same
// Idempotency-Key gets the graph that was recorded, never a second one.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { countOpenGraphs } from "../helpers/open-graphs.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const TOTAL = 1000;
const CLIENTS = 32;
const KILL_AFTER = 300;
const PARTITIONS = 8;
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

const env = () => ({
  REDIS_URL: redisServer.url,
  DAGO_KEY_PREFIX: prefix,
  DAGO_PARTITIONS: String(PARTITIONS),
});

function specOf(n: number) {
  return {
    name: `burst-${n}`,
    input: { n },
    nodes: [
      { id: "a", type: "noop" },
      { id: "b", type: "noop", dependsOn: ["a"] },
      { id: "c", type: "noop", dependsOn: ["a", "b"] },
    ],
  };
}

interface Answer {
  status: number;
  id?: string;
}

async function submit(url: string, n: number): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `burst-${n}` },
    body: JSON.stringify(specOf(n)),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { id?: string };
  return body.id === undefined ? { status: res.status } : { status: res.status, id: body.id };
}

/** Sends submissions 0..TOTAL-1 from CLIENTS concurrent loops; `onAnswer` sees each answer as it comes. */
async function burst(url: string, onAnswer: (n: number, answer: Answer | undefined) => void): Promise<void> {
  let next = 0;
  const client = async () => {
    for (let n = next++; n < TOTAL; n = next++) {
      onAnswer(n, await submit(url, n).catch(() => undefined));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

async function waitAllEnded(): Promise<void> {
  await waitUntil(
    "every recorded graph to end",
    async () => (await countOpenGraphs(redis, prefix, PARTITIONS)) === 0,
    45_000,
    100,
  );
}

it("keeps every acknowledged submission, whole, across a SIGKILL of the API mid-burst", async () => {
  const first = await startServed(["--no-workers"], env());
  processes.push(first.proc);
  const acked = new Map<number, string>();
  const unanswered: number[] = [];
  const refused: string[] = [];
  let killed = false;
  await burst(first.url, (n, answer) => {
    if (!answer) unanswered.push(n);
    else if ((answer.status === 201 || answer.status === 200) && answer.id) acked.set(n, answer.id);
    else refused.push(`#${n}: HTTP ${answer.status}`);
    if (acked.size >= KILL_AFTER && !killed) {
      killed = true;
      first.proc.child.kill("SIGKILL");
    }
  });
  expect(await first.proc.exited).toBe("SIGKILL");
  // Before the kill every request was answered 2xx; after it, requests get no answer at all.
  expect(refused).toEqual([]);
  expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acked.size + unanswered.length).toBe(TOTAL);
  expect(unanswered.length).toBeGreaterThan(0);

  // A new API process and a worker: nothing else is needed for the recorded graphs to run.
  const second = await startServed(["--no-workers"], env());
  processes.push(second.proc);
  const worker = spawnDago(["worker"], { ...env(), WORKER_POOL_SIZE: "32" });
  processes.push(worker);
  await waitAllEnded();

  const afterCrash = await expectGraphsWhole(redis, prefix);
  for (const id of acked.values()) expect(afterCrash.get(id)?.state.status).toBe("succeeded");
  for (const graph of afterCrash.values()) expect(graph.state.status).toBe("succeeded");
  const ackedIds = new Set(acked.values());
  // Recorded, but the client never heard of it: the answer was lost with the process.
  const recordedUnanswered = [...afterCrash.keys()].filter((id) => !ackedIds.has(id));
  expect(afterCrash.size).toBe(acked.size + recordedUnanswered.length);

  // Every client retries with its Idempotency-Key: an acknowledged submission returns the recorded graph, an
  // unanswered one returns the graph if it was recorded, or records it now. Never two graphs for one key.
  const retried = new Map<number, Answer>();
  await burst(second.url, (n, answer) => {
    if (answer) retried.set(n, answer);
  });
  expect(retried.size).toBe(TOTAL);
  for (const [n, id] of acked) expect(retried.get(n)).toEqual({ status: 200, id });
  for (const n of unanswered) {
    const answer = retried.get(n) as Answer;
    const existed = afterCrash.has(answer.id ?? "");
    expect(answer.status).toBe(existed ? 200 : 201);
  }
  await waitAllEnded();
  const final = await expectGraphsWhole(redis, prefix);
  expect(final.size).toBe(TOTAL);
  expect(new Set([...retried.values()].map((a) => a.id)).size).toBe(TOTAL);
  for (const graph of final.values()) expect(graph.state.status).toBe("succeeded");
  console.info(
    `api-sigkill: ${acked.size} acknowledged before the kill, ${unanswered.length} unanswered, ` +
      `${recordedUnanswered.length} of those recorded anyway`,
  );
  worker.child.kill("SIGTERM");
  second.proc.child.kill("SIGTERM");
  expect(await worker.exited).toBe(0);
  expect(await second.proc.exited).toBe(0);
});
