// loop nodes: iterations added one at a time, each reading the one before as `last`, until a condition on the
// latest holds or the bound is reached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor } from "../helpers/test-executors.js";

/** Scores one higher than the iteration before (its `last` rendered in `text`): 1, 2, 3... */
function scorerExecutor(): Executor {
  return {
    type: "scorer",
    async execute(ctx: ExecutionContext) {
      const previous = ctx.render(String(ctx.node.text));
      const score = previous === "" ? 1 : Number(previous) + 1;
      return { score, text: `draft ${score}` };
    },
  };
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [scorerExecutor(), failingExecutor()], poolSize: 4 });
});
afterAll(async () => h.close());

function loopGraph(loop: Record<string, unknown>) {
  return {
    name: "refine",
    nodes: [
      { id: "refine", type: "loop", node: { type: "scorer", text: "{{last.output.score}}" }, ...loop },
      { id: "publish", type: "noop", dependsOn: ["refine"] },
    ],
  };
}

describe("loop nodes", () => {
  it("stops when until holds on the latest iteration, with that output plus iterations", async () => {
    const id = await h.submit(loopGraph({ maxIterations: 5, until: "last.output.score >= 3" }));
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.refine?.output).toEqual({
      score: 3,
      text: "draft 3",
      iterations: 3,
      exhausted: false,
    });
    expect(Object.keys(state.nodes).filter((n) => n.startsWith("refine["))).toEqual([
      "refine[0]",
      "refine[1]",
      "refine[2]",
    ]);
    expect(state.nodes["refine[2]"]?.dependsOn).toEqual(["refine[1]"]);
    const events = await h.events(id);
    const sources = events.filter((e) => e.type === "GraphPatched").map((e) => e.data.source);
    expect(sources).toEqual(["loop", "loop", "loop"]);
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("is exhausted at maxIterations when until never holds", async () => {
    const state = await h.waitForEnd(
      await h.submit(loopGraph({ maxIterations: 2, until: "last.output.score > 99" })),
    );
    expect(state.status).toBe("succeeded");
    expect(state.nodes.refine?.output).toMatchObject({ score: 2, iterations: 2, exhausted: true });
    expect(state.nodes.publish?.status).toBe("succeeded");
  });

  it("fails the loop when an iteration fails", async () => {
    const state = await h.waitForEnd(
      await h.submit({
        name: "fails",
        nodes: [{ id: "l", type: "loop", maxIterations: 3, node: { type: "failing", retryable: false } }],
      }),
    );
    expect(state.status).toBe("failed");
    expect(state.nodes.l?.error?.code).toBe("loop_iteration_failed");
  });

  it("refuses a loop without a bound", async () => {
    const spec = { name: "unbounded", nodes: [{ id: "l", type: "loop", node: { type: "noop" } }] };
    await expect(h.submit(spec)).rejects.toMatchObject({
      code: "validation_failed",
      details: [expect.objectContaining({ code: "missing_field", path: "/nodes/0/maxIterations" })],
    });
  });

  it("leaves every graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
