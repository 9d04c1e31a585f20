// A worker frozen with SIGSTOP past its lease loses its node to another worker, which runs it with attempt 2.
// When the frozen worker wakes up, its attempt 1 must never be applied: either its first heartbeat tells it the
// attempt is gone and it drops the attempt, or its late result reaches Redis first and the attempt fence refuses
// it and records the refusal in the graph's history (NodeResultRefused).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { MockLlmProvider } from "../../internal/executors/mock-llm-provider.js";
import { workerKey } from "../../internal/store/keys.js";
import type { Executor } from "../../internal/worker/executor.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { spawnNodeScript } from "../helpers/node-process.js";
import { nodeTrail, TAKEN_OVER_TRAIL } from "../helpers/node-trail.js";
import { waitUntil } from "../helpers/wait-until.js";

// Each test has its own harness (key prefix), so one test's rescuer never takes the other's nodes.
let h: Harness;
const harnesses: Harness[] = [];
const processes: DagoProcess[] = [];
let gateDir: string;
beforeAll(async () => {
  gateDir = await mkdtemp(join(tmpdir(), "dago-gate-"));
});
beforeEach(async () => {
  h = await createHarness({ engine: { leaseMs: 1000 } });
  harnesses.push(h);
});
afterAll(async () => {
  for (const p of processes) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
    p.child.kill("SIGCONT");
    p.child.kill("SIGKILL");
  }
  for (const harness of harnesses) await harness.close();
  await rm(gateDir, { recursive: true, force: true });
});

/** Waits until the worker's own heartbeat record, written after `since`, says it runs no node any more. */
async function waitUntilIdleSince(worker: string, since: number): Promise<void> {
  await waitUntil(`worker ${worker} to report no running node`, async () => {
    const [busy, last] = await h.redis.hmget(workerKey(h.keyPrefix, worker), "busy", "lastHeartbeat");
    return busy === "0" && Number(last) > since;
  });
}

/** Checks the invariants of a take-over: attempt 2's result is the only one applied, the fold agrees. */
async function expectTakeOver(
  id: string,
  workers: { paused: string; rescuer: string },
  rescuedOutput: unknown,
): Promise<GraphEvent[]> {
  const { paused, rescuer } = workers;
  const events = await h.events(id);
  const slow = events.filter((e) => e.nodeId === "slow");
  expect(slow[1]?.data.worker).toBe(paused);
  expect(slow[2]?.data.error).toMatchObject({ code: "lease_expired" });
  expect(slow[4]?.data.worker).toBe(rescuer);
  expect(slow[5]?.data.output).toEqual(rescuedOutput);
  // Each node completes exactly once; the rescuing attempt's output is the one kept.
  expect(events.filter((e) => e.type === "NodeCompleted").map((e) => e.nodeId)).toEqual(["slow", "after"]);
  const state = await h.engine.getState(id);
  expect(state?.status).toBe("succeeded");
  expect(state?.nodes.slow).toMatchObject({ status: "succeeded", attempt: 2, worker: rescuer });
  expect(state?.nodes.slow?.output).toEqual(rescuedOutput);
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(stored.version).toBe(events.length);
  expect(folded).toEqual(stored);
  return events;
}

async function stopCleanly(worker: DagoProcess): Promise<void> {
  expect(worker.child.exitCode).toBeNull();
  worker.child.kill("SIGTERM");
  expect(await worker.exited).toBe(0);
  expect(worker.output()).not.toMatch(/node execution crashed|"level":"error"/);
}

describe("a worker paused with SIGSTOP past its lease", () => {
  it("refuses and records the late result of the paused attempt", async () => {
    const gate = join(gateDir, "open");
    const paused = spawnNodeScript(new URL("../helpers/gated-worker.mjs", import.meta.url), {
      GATE_FILE: gate,
      DAGO_KEY_PREFIX: h.keyPrefix,
      DAGO_PARTITIONS: "4",
      DAGO_LEASE_MS: "1000",
      WORKER_POOL_SIZE: "1",
      DAGO_WORKER_ID: "paused",
    });
    processes.push(paused);
    const id = await h.submit({
      name: "late-result-fenced",
      nodes: [
        { id: "slow", type: "gated" },
        { id: "after", type: "noop", dependsOn: ["slow"] },
      ],
    });
    // Frozen only once its executor runs: a process frozen between the start script and its reply would wake up
    // to a heartbeat verdict before its attempt had begun.
    await waitUntil("the paused worker's attempt to begin", () =>
      readFile(`${gate}.started`, "utf8").then((attempt) => attempt === "1"),
    );
    paused.child.kill("SIGSTOP");
    expect((await h.engine.getState(id))?.nodes.slow).toMatchObject({ status: "running", worker: "paused" });

    const rescuer: Executor = {
      type: "gated",
      execute: async (ctx) => ({ answeredBy: "rescuer", attempt: ctx.attempt }),
    };
    await h.startWorker({ id: "rescuer", executors: [rescuer] });
    expect((await h.waitForEnd(id, 30_000)).status).toBe("succeeded");

    // The paused attempt's gate opens while it is frozen: on SIGCONT its result is ready at the first timer tick,
    // before any reply from Redis (a heartbeat's verdict included) can be read, so the result is sent.
    await writeFile(gate, "");
    const resumedAt = Date.now();
    paused.child.kill("SIGCONT");
    const refused = await waitUntil("the late result to be refused", async () =>
      (await h.events(id)).find((e) => e.type === "NodeResultRefused"),
    );
    expect(refused).toMatchObject({
      nodeId: "slow",
      attempt: 1,
      data: { kind: "completion", currentAttempt: 2, currentStatus: "succeeded" },
    });
    await waitUntilIdleSince("paused", resumedAt);

    const events = await expectTakeOver(
      id,
      { paused: "paused", rescuer: "rescuer" },
      { answeredBy: "rescuer", attempt: 2 },
    );
    expect(nodeTrail(events, "slow")).toEqual([...TAKEN_OVER_TRAIL, "NodeResultRefused#1"]);
    await stopCleanly(paused);
  });

  it("never applies the paused attempt of a `dago worker` running an llm node", async () => {
    const prompt = "summarise the fencing rules";
    const paused = spawnDago(["worker"], {
      DAGO_KEY_PREFIX: h.keyPrefix,
      DAGO_PARTITIONS: "4",
      DAGO_LEASE_MS: "1000",
      MOCK_LLM_LATENCY_MS: "400",
      LLM_PROVIDER: "mock",
      LLM_MODEL: "paused-model",
      WORKER_POOL_SIZE: "1",
      DAGO_WORKER_ID: "paused-llm",
    });
    processes.push(paused);
    const id = await h.submit({
      name: "llm-attempt-taken-over",
      nodes: [
        { id: "slow", type: "llm", prompt },
        { id: "after", type: "noop", dependsOn: ["slow"] },
      ],
    });
    await h.waitFor(
      id,
      (s) => s.nodes.slow?.status === "running" && s.nodes.slow.worker === "paused-llm",
      30_000,
    );
    paused.child.kill("SIGSTOP");
    await h.startWorker({ id: "rescuer-llm" });
    expect((await h.waitForEnd(id, 30_000)).status).toBe("succeeded");

    const resumedAt = Date.now();
    paused.child.kill("SIGCONT");
    await waitUntilIdleSince("paused-llm", resumedAt);

    const answer = (model: string) =>
      new MockLlmProvider(0).complete(
        { model, prompt, maxTokens: 256 },
        { signal: new AbortController().signal, onText: () => undefined },
      );
    const rescued = await answer("mock");
    // The two workers' models differ, so the kept output shows which attempt was applied.
    expect((await answer("paused-model")).text).not.toBe(rescued.text);
    const events = await h.events(id);
    const slow = nodeTrail(events, "slow");
    // The mock answer streams in timed pieces, so on waking the heartbeat's verdict usually arrives first and the
    // attempt is dropped unsent; if the result won the race it was refused and recorded. Never applied either way.
    expect(slow.slice(0, TAKEN_OVER_TRAIL.length)).toEqual(TAKEN_OVER_TRAIL);
    expect(slow.slice(TAKEN_OVER_TRAIL.length).every((t) => t === "NodeResultRefused#1")).toBe(true);
    expect(slow.length - TAKEN_OVER_TRAIL.length).toBeLessThanOrEqual(1);
    await expectTakeOver(id, { paused: "paused-llm", rescuer: "rescuer-llm" }, rescued.text);
    await stopCleanly(paused);
  });
});
