import { describe, expect, it } from "vitest";
import { planSettings, planToPatch } from "./planner.js";
import { validateGraph } from "./validate.js";

const settings = planSettings({ allowTypes: ["llm", "noop"], maxNodes: 3, attachTo: ["final"] });

function problemsOf(answer: unknown): string[] {
  const checked = planToPatch("plan", settings, answer);
  return checked.ok ? [] : checked.problems;
}

describe("a plan becomes the planner's patch", () => {
  it("roots wait for the planner and the attached node waits for the sinks", () => {
    const checked = planToPatch("plan", settings, {
      nodes: [
        { id: "plan-a", type: "llm", prompt: "A" },
        { id: "plan-b", type: "llm", prompt: "B", dependsOn: ["plan-a"], note: "kept in the output only" },
        { id: "plan-c", type: "noop", prompt: "dropped" },
      ],
    });
    expect(checked).toEqual({
      ok: true,
      patch: {
        addNodes: [
          { id: "plan-a", type: "llm", prompt: "A", dependsOn: ["plan"] },
          { id: "plan-b", type: "llm", prompt: "B", dependsOn: ["plan-a"] },
          { id: "plan-c", type: "noop", dependsOn: ["plan"] },
        ],
        addDependencies: [{ node: "final", dependsOn: ["plan-b", "plan-c"] }],
      },
    });
  });

  it("lists every problem of an invalid plan at once", () => {
    expect(
      problemsOf({
        nodes: [
          { id: "a", type: "llm", prompt: "A" },
          { id: "plan-b", type: "map", prompt: "B" },
          { id: "plan-c", type: "llm" },
          { id: "plan-d", type: "noop", dependsOn: ["plan-x"] },
        ],
      }),
    ).toEqual([
      "the plan has 4 nodes; at most 3 are allowed",
      'nodes[0].id "a" must start with "plan-" followed by a name',
      'nodes[1].type "map" is not allowed; use one of llm, noop',
      "nodes[2] is an llm node and needs a prompt",
      'node "plan-d" depends on "plan-x", which is not a node of the plan',
    ]);
  });

  it("finds a cycle and names its path", () => {
    expect(
      problemsOf({
        nodes: [
          { id: "plan-a", type: "noop", dependsOn: ["plan-b"] },
          { id: "plan-b", type: "noop", dependsOn: ["plan-a"] },
        ],
      }),
    ).toEqual(["the plan has a cycle: plan-a -> plan-b -> plan-a"]);
  });

  it("refuses an answer without nodes", () => {
    expect(problemsOf([])).toEqual(['the plan must be an object with a "nodes" array, got an array']);
    expect(problemsOf({ nodes: [] })).toEqual(["the plan has no nodes; give at least one"]);
  });
});

function issuesOf(nodes: unknown[]) {
  const result = validateGraph({ name: "g", nodes });
  return result.valid ? [] : result.errors.map((e) => ({ code: e.code, path: e.path, message: e.message }));
}

describe("plan on llm nodes", () => {
  const planner = (plan: unknown, more: Record<string, unknown> = {}) => ({
    id: "plan",
    type: "llm",
    prompt: "Plan",
    plan,
    ...more,
  });
  const final = { id: "final", type: "noop", dependsOn: ["plan"] };

  it("accepts a planner whose attached node waits for it, through other nodes too", () => {
    const mid = { id: "mid", type: "noop", dependsOn: ["plan"] };
    const late = { id: "late", type: "noop", dependsOn: ["mid"] };
    const plan = { allowTypes: ["llm", "noop", "search"], maxNodes: 20, attachTo: ["final", "late"] };
    expect(issuesOf([planner(plan), final, mid, late])).toEqual([]);
    expect(issuesOf([planner({}), final])).toEqual([]);
  });

  it.each([
    [{ allowTypes: [] }, "/nodes/0/plan/allowTypes", /array of 1 to 100/],
    [{ allowTypes: ["llm", "map"] }, "/nodes/0/plan/allowTypes/1", /cannot add "map" nodes/],
    [{ allowTypes: ["approval"] }, "/nodes/0/plan/allowTypes/0", /cannot add "approval"/],
    [{ maxNodes: 0 }, "/nodes/0/plan/maxNodes", /from 1 to 100/],
    [{ maxNodes: 101 }, "/nodes/0/plan/maxNodes", /from 1 to 100/],
    [{ attachTo: ["nope"] }, "/nodes/0/plan/attachTo/0", /unknown node "nope"/],
    [{ attachTo: ["plan"] }, "/nodes/0/plan/attachTo/0", /to itself/],
    [{ attachTo: ["other"] }, "/nodes/0/plan/attachTo/0", /"other", which does not depend on "plan"/],
    [{ steps: 3 }, "/nodes/0/plan/steps", /unknown field "steps" in plan/],
    ["yes", "/nodes/0/plan", /must be an object/],
  ])("refuses plan %j", (plan, path, message) => {
    const issues = issuesOf([planner(plan), final, { id: "other", type: "noop" }]);
    expect(issues).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });

  it("refuses plan with outputSchema, on noop nodes and in a map's template", () => {
    expect(issuesOf([planner({}, { outputSchema: { type: "object" } })])).toEqual([
      expect.objectContaining({ code: "bad_field", path: "/nodes/0/outputSchema" }),
    ]);
    expect(issuesOf([{ id: "n", type: "noop", plan: {} }])).toEqual([
      expect.objectContaining({ code: "unknown_field", path: "/nodes/0/plan" }),
    ]);
    const map = { id: "m", type: "map", over: "input.xs", node: { type: "llm", prompt: "p", plan: {} } };
    const result = validateGraph({ name: "g", input: { xs: [] }, nodes: [map] });
    expect(result.valid ? [] : result.errors.map((e) => e.path)).toEqual(["/nodes/0/node/plan"]);
  });
});
