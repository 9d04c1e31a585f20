import { describe, expect, it } from "vitest";
import { validateGraph } from "./validate.js";

const plan = { id: "plan", type: "llm", prompt: "Plan {{input.topic}}" };
function mapGraph(map: Record<string, unknown>) {
  return {
    name: "report",
    input: { topic: "Redis" },
    nodes: [plan, { id: "sections", type: "map", dependsOn: ["plan"], ...map }],
  };
}

describe("map nodes", () => {
  it("resolves the template with defaults, and the map's refs include what over and the template read", () => {
    const result = validateGraph(
      mapGraph({
        over: "nodes.plan.output.sections",
        concurrency: 4,
        node: { type: "llm", prompt: "Write {{index}}: {{item.title}} on {{input.topic}}" },
      }),
    );
    if (!result.valid) throw new Error(JSON.stringify(result.errors));
    const map = result.graph.nodes[1];
    expect(map?.maxItems).toBe(100);
    expect(map?.refs).toEqual(["plan"]);
    expect(map?.node).toMatchObject({ type: "llm", timeoutMs: 60_000, refs: [], route: "" });
  });

  it("reports a missing over, a bound over the ceiling, a nested map and locals outside a template", () => {
    const result = validateGraph(
      {
        name: "bad",
        nodes: [
          { id: "m", type: "map", maxItems: 5000, node: { type: "map" } },
          { id: "x", type: "llm", prompt: "{{item}}" },
        ],
      },
      { maxMapItems: 1000 },
    );
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ["missing_field", "/nodes/0/over"],
      ["bad_field", "/nodes/0/maxItems"],
      ["bad_field", "/nodes/0/node/type"],
      ["bad_template", "/nodes/1/prompt"],
    ]);
  });

  it("holds the template's reads to the map's ancestors, with paths under node", () => {
    const result = validateGraph({
      name: "bad-ref",
      nodes: [
        {
          id: "m",
          type: "map",
          over: "input.items",
          node: { type: "llm", prompt: "{{nodes.later.output}}", bogus: 1 },
        },
        { id: "later", type: "noop", dependsOn: ["m"] },
      ],
      input: { items: [] },
    });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ["unknown_field", "/nodes/0/node/bogus"],
      ["non_upstream_reference", "/nodes/0/node"],
    ]);
  });

  it("takes maxItems and maxIterations at their ceilings and refuses one over", () => {
    const limits = { maxMapItems: 10, maxLoopIterations: 4 };
    const map = (maxItems: number) =>
      validateGraph(
        {
          name: "m",
          nodes: [{ id: "m", type: "map", over: "input.xs", maxItems, node: { type: "noop" } }],
          input: { xs: [] },
        },
        limits,
      );
    const loop = (maxIterations: number) =>
      validateGraph(
        { name: "l", nodes: [{ id: "l", type: "loop", maxIterations, node: { type: "noop" } }] },
        limits,
      );
    expect(map(10).valid).toBe(true);
    expect(map(11).errors.map((e) => e.path)).toEqual(["/nodes/0/maxItems"]);
    expect(loop(4).valid).toBe(true);
    expect(loop(5).errors.map((e) => e.path)).toEqual(["/nodes/0/maxIterations"]);
  });
});
