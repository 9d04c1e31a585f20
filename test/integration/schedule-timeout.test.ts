// The schedule-to-start timeout over the real engine and a private redis-server: a node no worker takes ends
// `failed` with no_worker (and its graph with it) instead of waiting forever; a node taken in time is never
// failed by its timer; a pause stops the clock; a retry starts a fresh wait. Afterwards fold == projection and
// the invariant checker finds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphState } from "../../internal/domain/state.js";
import { checkGraphs } from "../../internal/store/check/index.js";
import { partitionOf, timersKey } from "../../internal/store/keys.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { sleepExecutor } from "../helpers/test-executors.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [sleepExecutor()] });
});

afterAll(async () => {
  await h?.close();
});

async function expectConsistent(graphId: string): Promise<void> {
  const { folded, stored } = await h.expectFoldMatches(graphId);
  expect(stored).toEqual(folded);
  const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId });
  expect(report.violations).toEqual([]);
}

async function scheduleTimers(graphId: string): Promise<string[]> {
  const members = await h.redis.zrange(timersKey(h.keyPrefix, partitionOf(graphId)), 0, -1);
  return members.filter((m) => m.startsWith(`schedule|${graphId}|`));
}

async function redisNow(): Promise<number> {
  const [seconds, micros] = await h.redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

describe("a node no live worker serves", () => {
  it("fails with no_worker after its scheduleTimeoutMs, and its graph fails", async () => {
    const id = await h.submit({
      name: "unservable",
      nodes: [
        { id: "fetch", type: "fetch-page", requires: ["gpu"], scheduleTimeoutMs: 200 },
        { id: "after", type: "noop", dependsOn: ["fetch"] },
      ],
    });
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("failed");
    expect(ended.error).toMatchObject({ code: "node_failed", nodeId: "fetch" });
    expect(ended.nodes.fetch).toMatchObject({ status: "failed", attempt: 1, failures: 1 });
    expect(ended.nodes.fetch?.error).toEqual({
      code: "no_worker",
      message:
        'no worker took the node within scheduleTimeoutMs=200: it waited for a worker serving type "fetch-page" ' +
        "with capabilities gpu",
      retryable: false,
    });
    expect(ended.nodes.after?.status).toBe("cancelled");
    expect(await scheduleTimers(id)).toEqual([]);
    await expectConsistent(id);
  });

  it("only skips its dependents with continueOnFailure; the rest of the graph runs", async () => {
    const id = await h.submit({
      name: "carry-on",
      defaults: { scheduleTimeoutMs: 150 },
      nodes: [
        { id: "lost", type: "fetch-page", continueOnFailure: true },
        { id: "below", type: "noop", dependsOn: ["lost"] },
        { id: "fine", type: "noop" },
      ],
    });
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("succeeded");
    expect(ended.nodes.lost?.error?.code).toBe("no_worker");
    expect(ended.nodes.below).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    expect(ended.nodes.fine?.status).toBe("succeeded");
    await expectConsistent(id);
  });

  it("gets a fresh wait when retried", async () => {
    const id = await h.submit({
      name: "retried",
      nodes: [{ id: "fetch", type: "fetch-page", scheduleTimeoutMs: 150 }],
    });
    await h.waitForEnd(id);
    const before = await redisNow();
    await h.engine.retryNode(id, "fetch", "local");
    const waiting = await h.engine.getState(id);
    expect(waiting?.nodes.fetch).toMatchObject({ status: "ready", attempt: 2 });
    expect(waiting?.nodes.fetch?.scheduleDeadline).toBeGreaterThanOrEqual(before + 150);
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("failed");
    expect(ended.nodes.fetch).toMatchObject({ status: "failed", attempt: 2, error: { code: "no_worker" } });
    await expectConsistent(id);
  });

  it("waits forever with scheduleTimeoutMs 0", async () => {
    const id = await h.submit({
      name: "patient",
      nodes: [{ id: "fetch", type: "fetch-page", scheduleTimeoutMs: 0 }],
    });
    const state = (await h.engine.getState(id)) as GraphState;
    expect(state.nodes.fetch).toMatchObject({ status: "ready", scheduleTimeoutMs: 0 });
    expect(state.nodes.fetch?.scheduleDeadline).toBeUndefined();
    expect(await scheduleTimers(id)).toEqual([]);
    await h.engine.cancel(id, "local");
    await expectConsistent(id);
  });
});

describe("a node a worker takes in time", () => {
  it("is never failed by its schedule timer, even a stale one", async () => {
    const id = await h.submit({
      name: "taken",
      nodes: [{ id: "slow", type: "sleep", ms: 1500, scheduleTimeoutMs: 60_000 }],
    });
    const running = await h.waitFor(id, (s) => s.nodes.slow?.status === "running");
    expect(running.nodes.slow?.scheduleDeadline).toBeUndefined();
    // Starting the node removed its timer; one left behind (by a process that did not) is fenced by the state.
    expect(await scheduleTimers(id)).toEqual([]);
    const partition = partitionOf(id);
    await h.redis.zadd(timersKey(h.keyPrefix, partition), 0, `schedule|${id}|slow|1`);
    await h.engine.promoteTimers(partition);
    expect((await h.engine.getState(id))?.nodes.slow?.status).toBe("running");
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("succeeded");
    await expectConsistent(id);
  });
});

describe("a paused graph", () => {
  it("holds the clock: its ready nodes do not fail while paused, and wait afresh once resumed", async () => {
    const id = await h.submit({
      name: "paused",
      nodes: [{ id: "fetch", type: "fetch-page", scheduleTimeoutMs: 1500 }],
    });
    await h.engine.pause(id, "local");
    const paused = (await h.engine.getState(id)) as GraphState;
    expect(paused.status).toBe("paused");
    expect(paused.nodes.fetch?.status).toBe("ready");
    expect(paused.nodes.fetch?.scheduleDeadline).toBeUndefined();
    expect(await scheduleTimers(id)).toEqual([]);

    // Well past the deadline the node had before the pause, the timers fire: nothing fails.
    const deadline = (paused.nodes.fetch?.readyAt as number) + 1500;
    while ((await redisNow()) <= deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await h.engine.promoteTimers(partitionOf(id));
    expect((await h.engine.getState(id))?.nodes.fetch?.status).toBe("ready");

    const resumedAt = await redisNow();
    await h.engine.resume(id, "local");
    const resumed = (await h.engine.getState(id)) as GraphState;
    expect(resumed.nodes.fetch?.scheduleDeadline).toBeGreaterThanOrEqual(resumedAt + 1500);
    const ended = await h.waitForEnd(id);
    expect(ended.nodes.fetch?.error?.code).toBe("no_worker");
    await expectConsistent(id);
  });
});
