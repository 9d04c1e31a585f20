import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { buildElkGraph, edgeId, nodeWidth, pathOf, structureKey, toDrawing } from "./layout-input.js";

const node = (id: string, dependsOn: string[] = []) => ({
  id,
  type: "noop",
  status: "pending" as const,
  attempt: 0,
  failures: 0,
  dependsOn,
});

const diamond = {
  id: "g",
  nodes: { a: node("a"), b: node("b", ["a"]), c: node("c", ["a"]), d: node("d", ["b", "c"]) },
};

describe("layout input", () => {
  it("has one ELK child per node and one edge per dependency", () => {
    const graph = buildElkGraph(diamond);
    expect(graph.children?.map((c) => c.id)).toEqual(["a", "b", "c", "d"]);
    expect(graph.edges?.map((e) => e.id).sort()).toEqual(
      [edgeId("a", "b"), edgeId("a", "c"), edgeId("b", "d"), edgeId("c", "d")].sort(),
    );
  });

  it("sizes nodes by their id, within bounds", () => {
    expect(nodeWidth("a")).toBe(96);
    expect(nodeWidth("x".repeat(64))).toBe(240);
    expect(nodeWidth("a-medium-node-id")).toBeGreaterThan(96);
  });

  it("changes its structure key only when nodes or dependencies change", () => {
    const same = { ...diamond, nodes: { ...diamond.nodes, a: { ...node("a"), status: "running" as const } } };
    expect(structureKey(same)).toBe(structureKey(diamond));
    const more = { ...diamond, nodes: { ...diamond.nodes, e: node("e", ["d"]) } };
    expect(structureKey(more)).not.toBe(structureKey(diamond));
  });

  it("lays a node out below every node it depends on, with routed edges (real ELK)", async () => {
    const drawing = toDrawing(await new ELK().layout(buildElkGraph(diamond)));
    const y = Object.fromEntries(drawing.nodes.map((n) => [n.id, n.y]));
    expect(y.b).toBeGreaterThan(y.a as number);
    expect(y.c).toBeGreaterThan(y.a as number);
    expect(y.d).toBeGreaterThan(Math.max(y.b as number, y.c as number));
    expect(drawing.edges).toHaveLength(4);
    for (const edge of drawing.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(drawing.width).toBeGreaterThan(0);
    expect(
      pathOf([
        { x: 0, y: 0 },
        { x: 1.26, y: 5 },
      ]),
    ).toBe("M0 0 L1.3 5");
  });
});
