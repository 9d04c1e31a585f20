// map nodes: one child per item of a list known only at run time, added in one engine step, run at most
// `concurrency` at a time, and joined into the map's output in item order.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, sleepExecutor, valueExecutor } from "../helpers/test-executors.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [valueExecutor(), failingExecutor(), sleepExecutor()], poolSize: 8 });
});
afterAll(async () => h.close());

const sections = [
  { title: "intro" },
  { title: "body" },
  { title: "data" },
  { title: "end" },
  { title: "refs" },
];

function mapGraph(map: Record<string, unknown>, value: unknown = { sections }) {
  return {
    name: "report",
    input: { topic: "Redis" },
    nodes: [
      { id: "plan", type: "value", value },
      { id: "sections", type: "map", dependsOn: ["plan"], over: "nodes.plan.output.sections", ...map },
      { id: "final", type: "llm", dependsOn: ["sections"], prompt: "Join {{nodes.sections.output[1]}}" },
    ],
  };
}

/** The most children of `map` running at once, from the order of their start and end events. */
function peakRunning(events: GraphEvent[], map: string): number {
  let running = 0;
  let peak = 0;
  for (const e of events) {
    if (!e.nodeId?.startsWith(`${map}[`)) continue;
    if (e.type === "NodeStarted") peak = Math.max(peak, ++running);
    if (e.type === "NodeCompleted" || e.type === "NodeFailed") running--;
  }
  return peak;
}

describe("map nodes", () => {
  it("runs one child per item, at most `concurrency` at once, and joins their outputs in item order", async () => {
    const id = await h.submit(
      mapGraph({ concurrency: 2, node: { type: "sleep", ms: 150, title: "{{item.title}}" } }),
    );
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(Object.keys(state.nodes).filter((n) => n.startsWith("sections["))).toHaveLength(5);
    expect(state.nodes.sections?.output).toEqual(sections.map(() => ({ slept: 150 })));
    const events = await h.events(id);
    expect(peakRunning(events, "sections")).toBe(2);
    const patch = events.find((e) => e.type === "GraphPatched");
    expect(patch?.data).toMatchObject({ source: "map", by: "sections" });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("renders item and index into each child, and downstream reads one slot of the output", async () => {
    const id = await h.submit(
      mapGraph({
        node: { type: "llm", prompt: "Write section {{index}}: {{item.title}} on {{input.topic}}" },
      }),
    );
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const output = state.nodes.sections?.output as string[];
    expect(output).toHaveLength(5);
    expect(output[2]).toMatch(/Write section 2: data on Redis/);
    expect(state.nodes.final?.output).toMatch(/Join .*Write section 1: body on Redis/);
  });

  it("succeeds with [] over an empty list", async () => {
    const id = await h.submit(mapGraph({ node: { type: "noop" } }, { sections: [] }));
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.sections?.output).toEqual([]);
  });

  it("fails with map_over_not_list and map_too_many_items", async () => {
    const notList = await h.waitForEnd(
      await h.submit(mapGraph({ node: { type: "noop" } }, { sections: "x" })),
    );
    expect(notList.nodes.sections?.error?.code).toBe("map_over_not_list");
    expect(notList.nodes.sections?.attempt).toBe(1);
    const atLimit = await h.waitForEnd(await h.submit(mapGraph({ maxItems: 5, node: { type: "noop" } })));
    expect(atLimit.nodes.sections?.output).toHaveLength(5);
    const tooMany = await h.waitForEnd(await h.submit(mapGraph({ maxItems: 4, node: { type: "noop" } })));
    expect(tooMany.nodes.sections?.error?.code).toBe("map_too_many_items");
    expect(Object.keys(tooMany.nodes)).toEqual(["plan", "sections", "final"]);
  });

  it("fails the map when a child fails, unless the template continues on failure (its slot is null)", async () => {
    const failing = { type: "failing", retryable: false };
    const fails = await h.waitForEnd(await h.submit(mapGraph({ concurrency: 1, node: failing })));
    expect(fails.status).toBe("failed");
    expect(fails.nodes.sections?.error?.code).toBe("map_child_failed");
    // The children held back never start once the map has failed.
    expect(fails.nodes["sections[4]"]?.status).toMatch(/skipped|cancelled/);
    // Retrying the failed map would add its children a second time: refused, nothing changed.
    await expect(h.service.retryNode("default", fails.id, "sections")).rejects.toMatchObject({
      code: "invalid_transition",
      details: [expect.objectContaining({ code: "container_expanded" })],
    });

    const continues = await h.waitForEnd(
      await h.submit({
        name: "half",
        nodes: [
          { id: "plan", type: "value", value: { sections: [1, 2, 3] } },
          {
            id: "sections",
            type: "map",
            dependsOn: ["plan"],
            over: "nodes.plan.output.sections",
            node: { type: "failing", retryable: false, continueOnFailure: true },
          },
        ],
      }),
    );
    expect(continues.status).toBe("succeeded");
    expect(continues.nodes.sections?.output).toEqual([null, null, null]);
    const { folded, stored } = await h.expectFoldMatches(continues.id);
    expect(folded).toEqual(stored);
  });

  it("refuses a patch that removes a held child or gives it dependencies, and the map still joins every item", async () => {
    const id = await h.submit(
      mapGraph({ concurrency: 1, node: { type: "sleep", ms: 200 } }, { sections: [1, 2, 3] }),
    );
    await h.waitFor(id, (s) => s.nodes["sections[2]"]?.status === "pending");
    const refusal = (node: string) => ({
      code: "validation_failed",
      details: [expect.objectContaining({ code: "container_child", nodeId: node })],
    });
    await expect(h.service.patch("default", id, { removeNodes: ["sections[2]"] })).rejects.toMatchObject(
      refusal("sections[2]"),
    );
    await expect(
      h.service.patch("default", id, {
        addNodes: [{ id: "gate", type: "noop" }],
        addDependencies: [{ node: "sections[2]", dependsOn: ["gate"] }],
      }),
    ).rejects.toMatchObject(refusal("sections[2]"));
    // Nodes may still be added under a child.
    await h.service.patch("default", id, {
      addNodes: [{ id: "after", type: "noop", dependsOn: ["sections[2]"] }],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.sections?.output).toEqual([{ slept: 200 }, { slept: 200 }, { slept: 200 }]);
    expect(state.nodes.after?.status).toBe("succeeded");
  });

  it("skips what a patch added under a held child when the map fails, and a map that continues on failure ends", async () => {
    const id = await h.submit({
      name: "tolerant",
      nodes: [
        { id: "plan", type: "value", value: [1, 2, 3] },
        {
          id: "sections",
          type: "map",
          dependsOn: ["plan"],
          over: "nodes.plan.output",
          concurrency: 1,
          continueOnFailure: true,
          // The first child times out, which fails the map while the other two are still held.
          node: { type: "sleep", ms: 5_000, timeoutMs: 300, retry: { maxAttempts: 1 } },
        },
      ],
    });
    await h.waitFor(id, (s) => s.nodes["sections[0]"]?.status === "running");
    await h.service.patch("default", id, {
      addNodes: [{ id: "after", type: "noop", dependsOn: ["sections[2]"] }],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.sections?.error?.code).toBe("map_child_failed");
    expect(state.nodes["sections[2]"]?.status).toBe("skipped");
    expect(state.nodes.after).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("runs examples/plan-map-join.json offline on the mock: a structured plan, one section per item, a join", async () => {
    const spec = JSON.parse(
      readFileSync(new URL("../../examples/plan-map-join.json", import.meta.url), "utf8"),
    );
    const state = await h.waitForEnd(await h.submit(spec));
    expect(state.status).toBe("succeeded");
    const plan = state.nodes.plan?.output as { sections: unknown[] };
    const planned = plan.sections;
    expect(state.nodes.sections?.output).toHaveLength(planned.length);
    expect(state.nodes.report?.output).toMatch(/Join these sections/);
  });

  it("leaves every graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
