import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphState } from "../../internal/domain/state.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, flakyExecutor, sleepExecutor, valueExecutor } from "../helpers/test-executors.js";

let h: Harness;
const flaky = flakyExecutor();
const sleep = sleepExecutor();
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [flaky, sleep, failingExecutor(), valueExecutor()], poolSize: 8 });
});
afterAll(async () => h.close());

async function expectConsistent(id: string): Promise<void> {
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(folded).toEqual(stored);
}

function eventTypes(events: Array<{ type: string; nodeId?: string }>, nodeId?: string): string[] {
  return events.filter((e) => nodeId === undefined || e.nodeId === nodeId).map((e) => e.type);
}

describe("execution", () => {
  it("runs a wide fan-out and never starts a node before its dependencies succeeded", async () => {
    const width = 100;
    const nodes = [
      { id: "root", type: "noop" },
      ...Array.from({ length: width }, (_, i) => ({ id: `n${i}`, type: "noop", dependsOn: ["root"] })),
      { id: "join", type: "noop", dependsOn: Array.from({ length: width }, (_, i) => `n${i}`) },
    ];
    const id = await h.submit({ name: "fan-out", nodes });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const events = await h.events(id);
    const completedAt = new Map<string, number>();
    events.forEach((e, i) => {
      if (e.type === "NodeCompleted" && e.nodeId) completedAt.set(e.nodeId, i);
    });
    events.forEach((e, i) => {
      if (e.type !== "NodeStarted" || !e.nodeId) return;
      for (const dep of state.nodes[e.nodeId]?.dependsOn ?? []) {
        expect(completedAt.get(dep)).toBeLessThan(i);
      }
    });
    // Exactly one NodeStarted and one NodeCompleted per node: no transition applied twice.
    expect(events.filter((e) => e.type === "NodeStarted")).toHaveLength(width + 2);
    expect(events.filter((e) => e.type === "NodeCompleted")).toHaveLength(width + 2);
    await expectConsistent(id);
  });

  it("retries with back-off and succeeds on the third attempt", async () => {
    const id = await h.submit({
      name: "retry",
      defaults: { retry: { maxAttempts: 3, backoffMs: 50, maxBackoffMs: 200 } },
      nodes: [{ id: "f", type: "flaky", failures: 2 }],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.f?.attempt).toBe(3);
    expect(state.nodes.f?.output).toEqual({ attempt: 3 });
    const events = await h.events(id);
    expect(eventTypes(events, "f")).toEqual([
      "NodeReady",
      "NodeStarted",
      "NodeRetrying",
      "NodeReady",
      "NodeStarted",
      "NodeRetrying",
      "NodeReady",
      "NodeStarted",
      "NodeCompleted",
    ]);
    const retrying = events.filter((e) => e.type === "NodeRetrying");
    const delays = retrying.map((e) => e.data.delayMs as number);
    // Equal jitter: the delay lies between half and all of the exponential back-off.
    expect(delays[0]).toBeGreaterThanOrEqual(25);
    expect(delays[0]).toBeLessThanOrEqual(50);
    expect(delays[1]).toBeGreaterThanOrEqual(50);
    expect(delays[1]).toBeLessThanOrEqual(100);
    await expectConsistent(id);
  });

  it("fails the graph when attempts run out, cancelling what had not run", async () => {
    const id = await h.submit({
      name: "exhausted",
      nodes: [
        { id: "f", type: "flaky", failures: 5, retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 } },
        { id: "after", type: "noop", dependsOn: ["f"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "node_failed", nodeId: "f" });
    expect(state.nodes.f).toMatchObject({ status: "failed", attempt: 2, failures: 2 });
    expect(state.nodes.f?.error?.message).toMatch(/planned failure on attempt 2/);
    expect(state.nodes.after?.status).toBe("cancelled");
    await expectConsistent(id);
  });

  it("fails at once on a non-retryable error", async () => {
    const id = await h.submit({ name: "fatal", nodes: [{ id: "x", type: "failing", retryable: false }] });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.x).toMatchObject({ status: "failed", attempt: 1, failures: 1 });
    expect(state.nodes.x?.error).toMatchObject({ code: "planned", retryable: false });
  });

  it("continueOnFailure lets the graph succeed and skips the failed node's dependents", async () => {
    const id = await h.submit({
      name: "continue",
      nodes: [
        { id: "bad", type: "failing", retryable: false, continueOnFailure: true },
        { id: "child", type: "noop", dependsOn: ["bad"] },
        { id: "grandchild", type: "noop", dependsOn: ["child"] },
        { id: "other", type: "noop" },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.bad?.status).toBe("failed");
    expect(state.nodes.child).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    expect(state.nodes.grandchild).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    expect(state.nodes.other?.status).toBe("succeeded");
    await expectConsistent(id);
  });

  it("times out a slow attempt, aborts its executor and retries it", async () => {
    const id = await h.submit({
      name: "timeout",
      nodes: [
        {
          id: "slow",
          type: "sleep",
          timeoutMs: 150,
          retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 },
        },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.slow).toMatchObject({ status: "failed", attempt: 2 });
    expect(state.nodes.slow?.error?.code).toBe("timeout");
    expect(sleep.aborted.filter((a) => a.startsWith("slow#"))).toEqual(["slow#1", "slow#2"]);
    await expectConsistent(id);
  });

  it("skips a node whose `when` is false and still runs its dependents", async () => {
    const id = await h.submit({
      name: "when",
      input: { mode: "fast" },
      nodes: [
        { id: "score", type: "value", value: { score: 3 } },
        { id: "high", type: "noop", dependsOn: ["score"], when: "nodes.score.output.score > 5" },
        {
          id: "low",
          type: "noop",
          dependsOn: ["score"],
          when: "nodes.score.output.score <= 5 && input.mode == 'fast'",
        },
        { id: "end", type: "noop", dependsOn: ["high", "low"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.high).toMatchObject({ status: "skipped", skipReason: "condition" });
    expect(state.nodes.low?.status).toBe("succeeded");
    expect(state.nodes.end?.status).toBe("succeeded");
    await expectConsistent(id);
  });

  it("pauses (running nodes finish, nothing new starts) and resumes", async () => {
    const id = await h.submit({
      name: "pause",
      nodes: [
        { id: "first", type: "sleep", ms: 300 },
        { id: "second", type: "noop", dependsOn: ["first"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.first?.status === "running");
    await h.service.pause("default", id);
    const paused = await h.waitFor(id, (s) => s.nodes.first?.status === "succeeded");
    expect(paused.status).toBe("paused");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const still = (await h.engine.getState(id)) as GraphState;
    expect(still.nodes.second?.status).toBe("ready");
    await h.service.resume("default", id);
    const done = await h.waitForEnd(id);
    expect(done.status).toBe("succeeded");
    expect(eventTypes(await h.events(id)).filter((t) => t.startsWith("Graph"))).toEqual([
      "GraphSubmitted",
      "GraphStarted",
      "GraphPaused",
      "GraphResumed",
      "GraphCompleted",
    ]);
    await expectConsistent(id);
  });

  it("cancels mid-run: the running executor is aborted and its late result is never applied", async () => {
    const id = await h.submit({
      name: "cancel",
      nodes: [
        { id: "long", type: "sleep" },
        { id: "next", type: "noop", dependsOn: ["long"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.long?.status === "running");
    const view = await h.service.cancel("default", id);
    expect(view.status).toBe("cancelled");
    expect(view.nodes.long?.status).toBe("cancelled");
    expect(view.nodes.next?.status).toBe("cancelled");
    await expect.poll(() => sleep.aborted.includes("long#1"), { timeout: 5000 }).toBe(true);
    await expectConsistent(id);
    await expect(h.service.cancel("default", id)).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("retries a failed node: the node and what its failure cancelled run again", async () => {
    const id = await h.submit({
      name: "retry-node",
      nodes: [
        { id: "a", type: "noop" },
        { id: "f", type: "flaky", failures: 1, dependsOn: ["a"], retry: { maxAttempts: 1 } },
        { id: "z", type: "noop", dependsOn: ["f"] },
      ],
    });
    const failed = await h.waitForEnd(id);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.z?.status).toBe("cancelled");
    await expect(h.service.retryNode("default", id, "a")).rejects.toMatchObject({
      code: "invalid_transition",
    });
    await h.service.retryNode("default", id, "f");
    const done = await h.waitForEnd(id);
    expect(done.status).toBe("succeeded");
    expect(done.nodes.f).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(done.nodes.z?.status).toBe("succeeded");
    expect(done.nodes.a?.attempt).toBe(1);
    await expectConsistent(id);
  });

  it("retries a node that continueOnFailure let fail: its skipped dependents run and lose their skip reason", async () => {
    const id = await h.submit({
      name: "retry-continue",
      nodes: [
        { id: "bad", type: "flaky", failures: 1, retry: { maxAttempts: 1 }, continueOnFailure: true },
        { id: "child", type: "noop", dependsOn: ["bad"] },
      ],
    });
    const first = await h.waitForEnd(id);
    expect(first.status).toBe("succeeded");
    expect(first.nodes.child).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    await h.service.retryNode("default", id, "bad");
    const done = await h.waitForEnd(id);
    expect(done.nodes.bad).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(done.nodes.child?.status).toBe("succeeded");
    expect(done.nodes.child).not.toHaveProperty("skipReason");
    await expectConsistent(id);
  });

  it("refuses a result from an attempt that is no longer current and records it", async () => {
    const id = await h.submit({ name: "fence", nodes: [{ id: "long", type: "sleep" }] });
    await h.waitFor(id, (s) => s.nodes.long?.status === "running");
    await h.service.cancel("default", id);
    const outcome = await h.engine.completeNode(id, "long", 1, '"late"');
    expect(outcome.applied).toBe(false);
    const state = (await h.engine.getState(id)) as GraphState;
    expect(state.nodes.long?.status).toBe("cancelled");
    expect(state.nodes.long?.output).toBeUndefined();
    const refused = (await h.events(id)).filter((e) => e.type === "NodeResultRefused");
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.at(-1)?.data).toMatchObject({ kind: "completion", currentStatus: "cancelled" });
    await expectConsistent(id);
  });

  it("accepts node ids such as __proto__ and constructor", async () => {
    const id = await h.submit({
      name: "proto",
      nodes: [
        { id: "__proto__", type: "noop" },
        { id: "constructor", type: "llm", dependsOn: ["__proto__"], prompt: "x {{nodes.__proto__.output}}" },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(Object.keys(state.nodes).sort()).toEqual(["__proto__", "constructor"]);
    await expectConsistent(id);
  });
});
