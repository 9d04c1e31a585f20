// The graph's `budget` field: accepted with either limit or both, refused with a clear issue otherwise.
import { describe, expect, it } from "vitest";
import { validateGraph } from "./validate.js";

const graph = (budget: unknown) => ({ name: "g", budget, nodes: [{ id: "a", type: "llm", prompt: "hi" }] });

function issuesOf(budget: unknown) {
  const result = validateGraph(graph(budget));
  return result.valid ? [] : result.errors.map((i) => ({ code: i.code, path: i.path }));
}

describe("budget", () => {
  it("is accepted with a cost limit, a token limit or both, and kept on the resolved graph", () => {
    for (const budget of [{ maxCostUsd: 0.5 }, { maxTokens: 20000 }, { maxCostUsd: 0.5, maxTokens: 20000 }]) {
      const result = validateGraph(graph(budget));
      expect(result.valid).toBe(true);
      if (result.valid) expect(result.graph.budget).toEqual(budget);
    }
  });

  it("names what is wrong", () => {
    expect(issuesOf({})).toEqual([{ code: "bad_field", path: "/budget" }]);
    expect(issuesOf(5)).toEqual([{ code: "bad_field", path: "/budget" }]);
    expect(issuesOf({ maxCostUsd: "1" })).toEqual([{ code: "bad_field", path: "/budget/maxCostUsd" }]);
    expect(issuesOf({ maxTokens: 1.5 })).toEqual([{ code: "bad_field", path: "/budget/maxTokens" }]);
    expect(issuesOf({ maxTokens: 10, onBudgetExceeded: "approval" })).toEqual([
      { code: "unknown_field", path: "/budget/onBudgetExceeded" },
    ]);
  });
});
