import { describe, expect, it } from "vitest";
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";
import { containerFacts } from "./container-facts.js";

const node = (id: string, type: string) => ({
  id,
  type,
  status: "running" as const,
  attempt: 1,
  failures: 0,
  dependsOn: [],
});

const nodesOf = (...list: ReturnType<typeof node>[]) =>
  Object.assign(Object.create(null), Object.fromEntries(list.map((n) => [n.id, n])));

const spec = (fields: Partial<ResolvedNode>) => ({ dependsOn: [], ...fields }) as ResolvedNode;

describe("container facts", () => {
  const nodes = nodesOf(
    node("sections", "map"),
    node("sections[0]", "llm"),
    node("sections[1]", "llm"),
    node("refine", "loop"),
    node("refine[0]", "scorer"),
    node("plain", "llm"),
    node("plain[0]", "llm"),
  );

  it("gives a map its list, its concurrency and how many children it has added", () => {
    const map = spec({ id: "sections", type: "map", over: "nodes.plan.output.sections", concurrency: 2 });
    expect(containerFacts("sections", map, nodes)).toEqual([
      ["Over", "nodes.plan.output.sections"],
      ["Concurrency", "2"],
      ["Children", "2"],
    ]);
    const unbounded = spec({ id: "sections", type: "map", over: "input.xs", maxItems: 50 });
    expect(containerFacts("sections", unbounded, nodes)).toContainEqual(["Concurrency", "all at once"]);
    expect(containerFacts("sections", unbounded, nodes)).toContainEqual(["Max items", "50"]);
  });

  it("gives a loop its condition, its bound and its iterations so far", () => {
    const loop = spec({ id: "refine", type: "loop", until: "last.output.score >= 3", maxIterations: 5 });
    expect(containerFacts("refine", loop, nodes)).toEqual([
      ["Until", "last.output.score >= 3"],
      ["Max iterations", "5"],
      ["Iterations", "1"],
    ]);
  });

  it("gives a map's child its parent, index and item, and a loop's iteration its parent and index", () => {
    const child = spec({
      id: "sections[1]",
      type: "llm",
      parent: "sections",
      index: 1,
      item: { title: "body" },
    });
    expect(containerFacts("sections[1]", child, nodes)).toEqual([
      ["Child of", "map sections"],
      ["Index", "1"],
      ["Item", '{"title":"body"}'],
    ]);
    const iteration = spec({ id: "refine[0]", type: "scorer", parent: "refine", index: 0 });
    expect(containerFacts("refine[0]", iteration, nodes)).toEqual([
      ["Iteration of", "loop refine"],
      ["Index", "0"],
    ]);
    // Without its spec, the id still says the index.
    expect(containerFacts("sections[0]", undefined, nodes)).toEqual([
      ["Child of", "map sections"],
      ["Index", "0"],
    ]);
  });

  it("cuts a long item and says nothing for other nodes", () => {
    const long = spec({
      id: "sections[0]",
      type: "llm",
      parent: "sections",
      index: 0,
      item: "x".repeat(1000),
    });
    const item = containerFacts("sections[0]", long, nodes).find(([term]) => term === "Item")?.[1] ?? "";
    expect(item).toHaveLength(300);
    expect(item.endsWith("…")).toBe(true);
    expect(containerFacts("plain", spec({ id: "plain", type: "llm" }), nodes)).toEqual([]);
    expect(containerFacts("plain[0]", undefined, nodes)).toEqual([]);
  });
});
