// Patches from the API, applied by the engine in one step: added nodes run, added dependencies hold a node back,
// removals, the version check, and the history still folds to the projection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDagoError } from "../../internal/errors/index.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, sleepExecutor } from "../helpers/test-executors.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [sleepExecutor(), failingExecutor()], poolSize: 4 });
});
afterAll(async () => h.close());

async function patchError(run: () => Promise<unknown>): Promise<{ code: string; details: unknown[] }> {
  try {
    await run();
  } catch (err) {
    if (isDagoError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error("the patch was applied");
}

describe("patches from the API", () => {
  it("adds nodes to a running graph and makes the join wait for them", async () => {
    const id = await h.submit({
      name: "grow",
      nodes: [
        { id: "plan", type: "sleep", ms: 300 },
        { id: "final", type: "noop", dependsOn: ["plan"] },
      ],
    });
    const running = await h.waitFor(id, (s) => s.nodes.plan?.status === "running");
    const patched = await h.service.patch("default", id, {
      ifVersion: running.version,
      addNodes: [
        { id: "w1", type: "noop", dependsOn: ["plan"] },
        { id: "w2", type: "llm", prompt: "extra", dependsOn: ["w1"] },
      ],
      addDependencies: [{ node: "final", dependsOn: ["w2"] }],
    });
    expect(patched.version).toBeGreaterThan(running.version);
    expect(patched.nodes.final?.dependsOn).toEqual(["plan", "w2"]);
    expect(patched.nodes.w1?.status).toBe("pending");
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("succeeded");
    const started = (n: string) => ended.nodes[n]?.startedAt ?? 0;
    expect(started("final")).toBeGreaterThanOrEqual(ended.nodes.w2?.endedAt ?? Number.POSITIVE_INFINITY);
    const events = await h.events(id);
    const patchEvent = events.find((e) => e.type === "GraphPatched");
    expect(patchEvent?.data.source).toBe("api");
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("holds a node back on every dependency it gains, when the patch lists that node more than once", async () => {
    const id = await h.submit({
      name: "twice",
      nodes: [
        { id: "a", type: "sleep", ms: 200 },
        { id: "slow", type: "sleep" },
        { id: "quick", type: "noop" },
        { id: "c", type: "noop", dependsOn: ["a"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.a?.status === "running" && s.nodes.slow?.status === "running");
    const patched = await h.service.patch("default", id, {
      addDependencies: [
        { node: "c", dependsOn: ["slow"] },
        { node: "c", dependsOn: ["quick"] },
      ],
    });
    expect(patched.nodes.c?.dependsOn).toEqual(["a", "slow", "quick"]);
    // a and quick succeed; slow runs on, so c must stay pending.
    await h.waitFor(id, (s) => s.nodes.a?.status === "succeeded" && s.nodes.quick?.status === "succeeded");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const held = await h.service.get("default", id);
    expect(held.nodes.c?.status).toBe("pending");
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
    await h.service.cancel("default", id);
  });

  it("refuses a stale ifVersion with the current version, and applies nothing", async () => {
    const id = await h.submit({ name: "stale", nodes: [{ id: "a", type: "sleep", ms: 5000 }] });
    const state = await h.waitFor(id, (s) => s.nodes.a?.status === "running");
    const err = await patchError(() =>
      h.service.patch("default", id, { ifVersion: state.version - 1, addNodes: [{ id: "b", type: "noop" }] }),
    );
    expect(err.code).toBe("version_conflict");
    expect(err.details[0]).toMatchObject({ currentVersion: state.version });
    const after = await h.service.get("default", id);
    expect(after.nodes.b).toBeUndefined();
    await h.service.cancel("default", id);
  });

  it("reports a cycle with its path, a started node and unknown ids, all at once", async () => {
    const id = await h.submit({
      name: "bad",
      nodes: [
        { id: "a", type: "sleep", ms: 5000 },
        { id: "b", type: "noop", dependsOn: ["a"] },
        { id: "c", type: "noop", dependsOn: ["b"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.a?.status === "running");
    const cycle = await patchError(() =>
      h.service.patch("default", id, {
        addNodes: [{ id: "x", type: "noop", dependsOn: ["c"] }],
        addDependencies: [{ node: "b", dependsOn: ["x"] }],
      }),
    );
    expect(cycle.code).toBe("validation_failed");
    expect(cycle.details).toEqual([expect.objectContaining({ code: "cycle", cycle: ["b", "x", "c", "b"] })]);

    const many = await patchError(() =>
      h.service.patch("default", id, {
        addDependencies: [
          { node: "a", dependsOn: ["c"] },
          { node: "c", dependsOn: ["ghost"] },
        ],
        removeNodes: ["b", "nope"],
      }),
    );
    expect(many.details.map((d) => (d as { code: string }).code).sort()).toEqual([
      "node_already_started",
      "node_still_needed",
      "unknown_dependency",
      "unknown_node",
    ]);
    await h.service.cancel("default", id);
  });

  it("removes a node that never ran, but not one another node needs", async () => {
    const id = await h.submit({
      name: "remove",
      nodes: [
        { id: "a", type: "sleep", ms: 400 },
        { id: "unused", type: "noop", dependsOn: ["a"] },
        { id: "needed", type: "noop", dependsOn: ["a"] },
        { id: "last", type: "noop", dependsOn: ["needed"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.a?.status === "running");
    const still = await patchError(() => h.service.patch("default", id, { removeNodes: ["needed"] }));
    expect(still.details).toEqual([expect.objectContaining({ code: "node_still_needed", nodeId: "needed" })]);
    const patched = await h.service.patch("default", id, { removeNodes: ["unused"] });
    expect(patched.nodes.unused).toBeUndefined();
    const ended = await h.waitForEnd(id);
    expect(ended.status).toBe("succeeded");
    expect(Object.keys(ended.nodes).sort()).toEqual(["a", "last", "needed"]);
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("skips a node once when the patch blocks it both directly and through a node it depends on", async () => {
    const id = await h.submit({
      name: "blocked twice",
      nodes: [
        { id: "slow", type: "sleep", ms: 400 },
        { id: "broken", type: "failing", retryable: false, continueOnFailure: true },
        { id: "x", type: "noop", dependsOn: ["slow"] },
        { id: "y", type: "noop", dependsOn: ["x"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.broken?.status === "failed" && s.nodes.slow?.status === "running");
    // x is skipped under broken, which skips y with it; y's own new dependency on broken must not skip it again.
    await h.service.patch("default", id, {
      addDependencies: [
        { node: "x", dependsOn: ["broken"] },
        { node: "y", dependsOn: ["broken"] },
      ],
    });
    const ended = await h.waitForEnd(id);
    expect(ended.nodes.slow?.status).toBe("succeeded");
    expect(ended.nodes.y).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    const events = await h.events(id);
    const skipsOfY = events.filter((e) => e.type === "NodeSkipped" && e.nodeId === "y");
    expect(skipsOfY).toHaveLength(1);
    // The graph ends after the node still running, not when a double count says every node has ended.
    const types = events.map((e) => `${e.type} ${e.nodeId ?? ""}`.trim());
    expect(types.indexOf("NodeCompleted slow")).toBeLessThan(types.indexOf("GraphCompleted"));
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("runs a node re-added under the id of a removed ready one exactly once, whatever the old stream entry", async () => {
    const id = await h.submit({
      name: "again",
      nodes: [
        { id: "hold", type: "sleep" },
        { id: "x", type: "noop", requires: ["gpu"] },
      ],
    });
    // No worker serves gpu yet: x stays ready, its entry in the gpu stream.
    await h.waitFor(id, (s) => s.nodes.x?.status === "ready" && s.nodes.hold?.status === "running");
    await h.service.patch("default", id, { removeNodes: ["x"] });
    const readded = await h.service.patch("default", id, {
      addNodes: [{ id: "x", type: "noop", requires: ["gpu"] }],
    });
    expect(readded.nodes.x).toMatchObject({ status: "ready", attempt: 1 });
    await h.startWorker({ capabilities: ["gpu"], poolSize: 2 });
    await h.waitFor(id, (s) => s.nodes.x?.status === "succeeded");
    // Both entries name attempt 1 of x: one starts it, the other finds it started.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "NodeStarted" && e.nodeId === "x")).toHaveLength(1);
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
    await h.service.cancel("default", id);
  });

  it("refuses to patch a graph that ended", async () => {
    const id = await h.submit({ name: "done", nodes: [{ id: "a", type: "noop" }] });
    await h.waitForEnd(id);
    const err = await patchError(() =>
      h.service.patch("default", id, { addNodes: [{ id: "b", type: "noop" }] }),
    );
    expect(err.code).toBe("invalid_transition");
  });

  it("leaves every graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
