import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { buildElkGraph, edgeId, pathOf, toDrawing } from "./layout-input.js";
import { nodeWidth, type StructureNode, structureKey, structureOf } from "./structure.js";

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

/** A root, `width` children in spec order, and a join after them all. */
function fanOut(width: number): StructureNode[] {
  const children = Array.from({ length: width }, (_, i) => `section-${i}`);
  return [
    { id: "plan", dependsOn: [] },
    ...children.map((id) => ({ id, dependsOn: ["plan"] })),
    { id: "join", dependsOn: children },
  ];
}

async function laidOut(nodes: StructureNode[]) {
  const input = buildElkGraph(nodes);
  return toDrawing(await new ELK().layout(input.graph), input.blocks);
}

describe("layout input", () => {
  it("has one ELK child per node and one edge per dependency", () => {
    const { graph } = buildElkGraph(structureOf(diamond));
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
    // A map's children are drawn in their box once a patch says the parent is a map.
    const mapped = { ...diamond, nodes: { ...diamond.nodes, "a[0]": node("a[0]", ["a"]) } };
    expect(structureKey(mapped, { a: "map" })).not.toBe(structureKey(mapped));
    expect(structureOf(mapped, { a: "map" }).find((n) => n.id === "a[0]")?.group).toEqual({
      parent: "a",
      kind: "map",
      index: 0,
    });
  });

  it("lays a node out below every node it depends on, with routed edges (real ELK)", async () => {
    const drawing = await laidOut(structureOf(diamond));
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

  it("draws siblings left to right in spec order, the fan-out's root centred over them (real ELK)", async () => {
    const drawing = await laidOut(fanOut(8));
    const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
    const xs = Array.from({ length: 8 }, (_, i) => byId.get(`section-${i}`)?.x as number);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(8);
    const centre = (n: { x: number; width: number } | undefined) => (n ? n.x + n.width / 2 : Number.NaN);
    const rowCentre = ((xs[0] as number) + (xs[7] as number) + nodeWidth("section-7")) / 2;
    expect(Math.abs(centre(byId.get("plan")) - rowCentre)).toBeLessThan(2);
    expect(Math.abs(centre(byId.get("join")) - rowCentre)).toBeLessThan(2);
  });

  it("draws a 498-wide fan-out as one block: two edges, a grid in spec order, nothing overlapping (real ELK)", async () => {
    const nodes = fanOut(498);
    const { graph } = buildElkGraph(nodes);
    expect(graph.children).toHaveLength(3);
    expect(graph.edges).toHaveLength(2);

    const drawing = await laidOut(nodes);
    expect(drawing.nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(drawing.blocks).toHaveLength(1);
    expect(drawing.blocks[0]?.members).toBe(498);
    // Shaped for a screen, not a 60,000 px row.
    expect(drawing.width / drawing.height).toBeGreaterThan(0.8);
    expect(drawing.width / drawing.height).toBeLessThan(2.5);

    const members = drawing.nodes.filter((n) => n.id.startsWith("section-"));
    const reading = [...members].sort((a, b) => a.y - b.y || a.x - b.x).map((n) => n.id);
    expect(reading).toEqual(nodes.slice(1, -1).map((n) => n.id));
    for (const n of drawing.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(drawing.width);
      expect(n.y + n.height).toBeLessThanOrEqual(drawing.height);
    }
    const cells = new Set(members.map((n) => `${n.x},${n.y}`));
    expect(cells.size).toBe(498);
    const block = drawing.blocks[0];
    const plan = drawing.nodes.find((n) => n.id === "plan");
    const join = drawing.nodes.find((n) => n.id === "join");
    expect((plan?.y ?? 0) + (plan?.height ?? 0)).toBeLessThan(block?.y ?? 0);
    expect(join?.y).toBeGreaterThan((block?.y ?? 0) + (block?.height ?? 0));
    // The edge out of the block turns green only when all its members succeeded.
    expect(drawing.edges.find((e) => e.from.length === 498)).toBeDefined();
  });

  it("draws a map's children in a box of their own, in index order, and a loop's iterations in theirs (real ELK)", async () => {
    const nodes: StructureNode[] = [
      { id: "sections", dependsOn: [] },
      ...[2, 0, 1].map((i) => ({
        id: `sections[${i}]`,
        dependsOn: ["sections"],
        group: { parent: "sections", kind: "map" as const, index: i },
      })),
      { id: "refine", dependsOn: ["sections[0]", "sections[1]", "sections[2]"] },
      ...[0, 1, 2].map((i) => ({
        id: `refine[${i}]`,
        dependsOn: i === 0 ? ["refine"] : [`refine[${i - 1}]`],
        group: { parent: "refine", kind: "loop" as const, index: i },
      })),
      { id: "publish", dependsOn: ["refine[2]"] },
    ];
    const { graph } = buildElkGraph(nodes);
    expect(graph.children?.map((c) => c.id)).toEqual([
      "sections",
      "group:sections",
      "refine",
      "group:refine",
      "publish",
    ]);
    // Into and out of each box once; the iterations' chain stays inside theirs.
    expect(graph.edges?.map((e) => e.id).sort()).toEqual(
      [
        edgeId("sections", "group:sections"),
        edgeId("group:sections", "refine"),
        edgeId("refine", "group:refine"),
        edgeId("group:refine", "publish"),
      ].sort(),
    );

    const drawing = await laidOut(nodes);
    const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
    expect(drawing.blocks.map((b) => [b.caption, b.group?.kind])).toEqual([
      ["map sections · 3 children", "map"],
      ["loop refine · 3 iterations", "loop"],
    ]);
    const xs = (prefix: string) => [0, 1, 2].map((i) => byId.get(`${prefix}[${i}]`)?.x as number);
    expect(xs("sections")).toEqual([...xs("sections")].sort((a, b) => a - b));
    expect(new Set(xs("refine")).size).toBe(3);
    expect(xs("refine")).toEqual([...xs("refine")].sort((a, b) => a - b));
    for (const block of drawing.blocks) {
      const members = drawing.nodes.filter((n) => n.id.startsWith(`${block.group?.parent}[`));
      expect(members).toHaveLength(3);
      for (const n of members) {
        expect(n.x).toBeGreaterThanOrEqual(block.x);
        expect(n.y).toBeGreaterThan(block.y);
        expect(n.x + n.width).toBeLessThanOrEqual(block.x + block.width);
        expect(n.y + n.height).toBeLessThanOrEqual(block.y + block.height);
      }
    }
    expect(byId.get("publish")?.y).toBeGreaterThan(byId.get("refine[2]")?.y as number);

    // Each iteration's link to the one before is drawn inside the loop's box, from its right side to the next one's left.
    const loopBox = drawing.blocks.find((b) => b.group?.kind === "loop");
    for (const i of [1, 2]) {
      const link = drawing.edges.find((e) => e.id === edgeId(`refine[${i - 1}]`, `refine[${i}]`));
      expect(link?.from).toEqual([`refine[${i - 1}]`]);
      const [start, end] = link?.points ?? [];
      const before = byId.get(`refine[${i - 1}]`);
      const after = byId.get(`refine[${i}]`);
      expect(start?.x).toBe((before?.x ?? 0) + (before?.width ?? 0));
      expect(end?.x).toBe(after?.x);
      expect(start?.y).toBeGreaterThan(loopBox?.y ?? 0);
      expect(end?.y).toBeLessThan((loopBox?.y ?? 0) + (loopBox?.height ?? 0));
    }
    expect(drawing.edges.filter((e) => e.id.startsWith("sections[")).map((e) => e.id)).toEqual([]);
  });

  it("hangs a map's box under the map with an edge of its own, as the engine adds its children (real ELK)", async () => {
    const nodes: StructureNode[] = [
      { id: "plan", dependsOn: [] },
      { id: "sections", dependsOn: ["plan"] },
      ...[0, 1].map((i) => ({
        id: `sections[${i}]`,
        dependsOn: [],
        group: { parent: "sections", kind: "map" as const, index: i },
      })),
      { id: "join", dependsOn: ["sections"] },
    ];
    const { graph } = buildElkGraph(nodes);
    expect(graph.edges?.map((e) => e.id).sort()).toEqual(
      [edgeId("plan", "sections"), edgeId("sections", "join"), edgeId("sections", "group:sections")].sort(),
    );
    const drawing = await laidOut(nodes);
    const adds = drawing.edges.filter((e) => e.adds);
    expect(adds.map((e) => [e.id, e.from])).toEqual([[edgeId("sections", "group:sections"), ["sections"]]]);
    const map = drawing.nodes.find((n) => n.id === "sections");
    const box = drawing.blocks[0];
    expect(box?.y).toBeGreaterThan((map?.y ?? 0) + (map?.height ?? 0));
    expect(drawing.edges.find((e) => e.id === edgeId("sections", "join"))?.adds).toBeUndefined();
  });

  it("routes a long loop's link from the end of one row to the start of the next between the rows (real ELK)", async () => {
    const nodes: StructureNode[] = [
      { id: "refine", dependsOn: [] },
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `refine[${i}]`,
        dependsOn: i === 0 ? [] : [`refine[${i - 1}]`],
        group: { parent: "refine", kind: "loop" as const, index: i },
      })),
    ];
    const drawing = await laidOut(nodes);
    const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
    const links = drawing.edges.filter((e) => e.id.startsWith("refine["));
    expect(links).toHaveLength(11);
    const wrapping = links.filter((e) => e.points.length > 2);
    expect(wrapping.length).toBeGreaterThan(0);
    for (const link of links) {
      // No segment of a link passes through a member's box.
      for (const [a, b] of link.points.slice(1).map((p, i) => [link.points[i], p] as const)) {
        for (const n of drawing.nodes) {
          if (!n.id.startsWith("refine[") || !a || !b) continue;
          const left = Math.min(a.x, b.x);
          const right = Math.max(a.x, b.x);
          const top = Math.min(a.y, b.y);
          const bottom = Math.max(a.y, b.y);
          const inside = left < n.x + n.width && right > n.x && top < n.y + n.height && bottom > n.y;
          expect(inside, `${link.id} crosses ${n.id}`).toBe(false);
        }
      }
    }
    const first = wrapping[0];
    const to = byId.get(first?.id.split("\u2192")[1] ?? "");
    expect(first?.points.at(-1)).toEqual({ x: (to?.x ?? 0) + (to?.width ?? 0) / 2, y: to?.y });
  });
});
