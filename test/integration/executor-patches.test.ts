// An executor's patch rides in its completion's own step: the nodes it adds and the dependencies it gives the
// join exist before any dependent of the completing node is released.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { type ExecutionContext, type Executor, withPatch } from "../../internal/worker/executor.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";

/** Plans `count` workers (field `count`) that the existing node `final` must wait for. */
function plannerExecutor(): Executor {
  return {
    type: "planner",
    async execute(ctx: ExecutionContext) {
      const count = typeof ctx.node.count === "number" ? ctx.node.count : 3;
      const ids = Array.from({ length: count }, (_, i) => `${ctx.nodeId}-w${i}`);
      return withPatch(
        { planned: ids },
        {
          addNodes: ids.map((id) => ({
            id,
            type: "llm",
            prompt: `Work on {{nodes.${ctx.nodeId}.output.planned}}`,
            dependsOn: [ctx.nodeId],
          })),
          addDependencies: [{ node: "final", dependsOn: ids }],
        },
      );
    },
  };
}

/** Returns a patch that makes a cycle: the attempt must fail with invalid_patch and change nothing. */
function badPlannerExecutor(): Executor {
  return {
    type: "bad-planner",
    async execute() {
      return withPatch("plan", {
        addNodes: [{ id: "loop-a", type: "noop", dependsOn: ["final"] }],
        addDependencies: [{ node: "final", dependsOn: ["loop-a"] }],
      });
    },
  };
}

function indexOf(events: GraphEvent[], type: string, nodeId: string): number {
  return events.findIndex((e) => e.type === type && e.nodeId === nodeId);
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [plannerExecutor(), badPlannerExecutor()], poolSize: 4 });
});
afterAll(async () => h.close());

describe("patches from executors", () => {
  it("adds the planned nodes with the completion, and the join waits for every one", async () => {
    const id = await h.submit({
      name: "plan-then-join",
      nodes: [
        { id: "plan", type: "planner", count: 4 },
        { id: "final", type: "noop", dependsOn: ["plan"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.final?.dependsOn).toEqual(["plan", "plan-w0", "plan-w1", "plan-w2", "plan-w3"]);
    expect(state.nodes["plan-w2"]?.output).toMatch(/Work on/);

    const events = await h.events(id);
    const completed = indexOf(events, "NodeCompleted", "plan");
    const patched = events.findIndex((e) => e.type === "GraphPatched");
    // The completion and the patch are one step: nothing of another step comes between them.
    expect(patched).toBe(completed + 1);
    expect(events[patched]?.data).toMatchObject({ source: "executor", by: "plan" });
    const finalReady = indexOf(events, "NodeReady", "final");
    for (let i = 0; i < 4; i++) {
      expect(indexOf(events, "NodeCompleted", `plan-w${i}`)).toBeLessThan(finalReady);
    }
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("fails the attempt with invalid_patch when the patch does not fit, and applies none of it", async () => {
    const id = await h.submit({
      name: "bad-plan",
      nodes: [
        { id: "plan", type: "bad-planner", retry: { maxAttempts: 3 } },
        { id: "final", type: "noop", dependsOn: ["plan"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.plan?.error?.code).toBe("invalid_patch");
    expect(state.nodes.plan?.error?.message).toMatch(/cycle/);
    expect(state.nodes.plan?.attempt).toBe(1);
    expect(state.nodes["loop-a"]).toBeUndefined();
    const events = await h.events(id);
    expect(events.some((e) => e.type === "GraphPatched")).toBe(false);
  });

  it("leaves every graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
