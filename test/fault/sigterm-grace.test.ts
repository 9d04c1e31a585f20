// A worker pool that stops: running nodes keep their lease through the grace period and finish there; what is
// still running afterwards is handed back to another worker at once (not after the lease), without spending the
// node's retry budget; a hand-back of an attempt that is no longer current changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkGraphs } from "../../internal/store/check/index.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { nodeTrail, TAKEN_OVER_TRAIL } from "../helpers/node-trail.js";
import { sleepExecutor } from "../helpers/test-executors.js";

describe("a worker stopping with a grace period", () => {
  let h: Harness;
  beforeAll(async () => {
    // A lease far shorter than the grace period: only heartbeats during the grace keep the node on its worker.
    h = await createHarness({ engine: { leaseMs: 1500 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("keeps renewing the lease of a running node, which finishes on its first attempt", async () => {
    const pool = await h.startWorker({ id: "graceful", executors: [sleepExecutor()] });
    const id = await h.submit({ name: "finishes-in-grace", nodes: [{ id: "a", type: "sleep", ms: 4000 }] });
    await h.waitFor(id, (s) => s.nodes.a?.status === "running");
    await pool.stop(20_000);

    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a).toMatchObject({ status: "succeeded", attempt: 1, worker: "graceful" });
    expect(nodeTrail(await h.events(id), "a")).toEqual(["NodeReady#1", "NodeStarted#1", "NodeCompleted#1"]);
    expect((await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id })).violations).toEqual([]);
  });
});

describe("a worker stopping with nodes that outlast the grace period", () => {
  let h: Harness;
  beforeAll(async () => {
    // A lease no test waits for: only the hand-back can move the node to another worker in time.
    h = await createHarness({ engine: { leaseMs: 120_000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("hands the node back: another worker runs the next attempt, no failure is counted", async () => {
    const sleeper = sleepExecutor();
    const pool = await h.startWorker({ id: "leaving", executors: [sleeper] });
    const id = await h.submit({
      name: "handed-back",
      nodes: [
        { id: "slow", type: "sleep", ms: 600_000, retry: { maxAttempts: 1 } },
        { id: "after", type: "noop", dependsOn: ["slow"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.slow?.status === "running");
    await pool.stop(300);
    expect(sleeper.aborted).toEqual(["slow#1"]);

    const state = await h.waitFor(id, (s) => s.nodes.slow?.status === "ready", 10_000);
    expect(state.nodes.slow).toMatchObject({ attempt: 2, failures: 0 });
    expect(state.nodes.slow?.error).toMatchObject({ code: "worker_stopping", retryable: true });

    // The next worker runs it quickly (ms on attempt 2 is the same, so a short-sleeping executor takes it).
    await h.startWorker({ id: "staying", executors: [{ type: "sleep", execute: async () => "done" }] });
    const ended = await h.waitForEnd(id, 20_000);
    expect(ended.status).toBe("succeeded");
    expect(ended.nodes.slow).toMatchObject({
      status: "succeeded",
      attempt: 2,
      failures: 0,
      worker: "staying",
    });

    const events = await h.events(id);
    expect(nodeTrail(events, "slow")).toEqual(TAKEN_OVER_TRAIL);
    const released = events.find((e) => e.type === "NodeRetrying");
    expect(released?.data).toMatchObject({
      released: true,
      failures: 0,
      delayMs: 0,
      error: { code: "worker_stopping", retryable: true },
    });
    expect(released?.data).not.toHaveProperty("leaseLosses");
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
    expect((await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id })).violations).toEqual([]);
  });

  it("refuses to hand back an attempt that is no longer current, and records nothing", async () => {
    await h.startWorker({ id: "finisher" });
    const id = await h.submit({ name: "already-done", nodes: [{ id: "a", type: "noop" }] });
    await h.waitForEnd(id);
    const before = await h.events(id);
    expect(await h.engine.releaseNode(id, "a", 1, "late")).toBe(false);
    expect(await h.engine.releaseNode(id, "a", 7, "late")).toBe(false);
    expect(await h.events(id)).toEqual(before);
    expect((await h.engine.getState(id))?.nodes.a).toMatchObject({ status: "succeeded", attempt: 1 });
  });

  it("hands back a node of a paused graph without dispatching it until the graph resumes", async () => {
    // A type of its own, so the workers of the other tests leave this node alone.
    const pool = await h.startWorker({
      id: "paused-leaver",
      executors: [{ ...sleepExecutor(), type: "hold" }],
    });
    const id = await h.submit({ name: "paused", nodes: [{ id: "a", type: "hold", ms: 600_000 }] });
    await h.waitFor(id, (s) => s.nodes.a?.status === "running");
    await h.engine.pause(id, "local");
    await pool.stop(0);
    const paused = await h.waitFor(id, (s) => s.nodes.a?.status === "ready", 10_000);
    expect(paused).toMatchObject({ status: "paused" });
    expect(paused.nodes.a?.attempt).toBe(2);

    await h.startWorker({ id: "resumer", executors: [{ type: "hold", execute: async () => "resumed" }] });
    await h.engine.resume(id, "local");
    const ended = await h.waitForEnd(id, 20_000);
    expect(ended.nodes.a).toMatchObject({ status: "succeeded", attempt: 2, output: "resumed" });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });
});
