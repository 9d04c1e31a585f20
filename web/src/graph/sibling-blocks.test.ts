import { describe, expect, it } from "vitest";
import { BLOCK_MIN_MEMBERS, findBlocks, memberOffset } from "./sibling-blocks.js";
import type { StructureNode } from "./structure.js";

const map = (n: number, prefix = "s", deps = ["plan"]): StructureNode[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, dependsOn: deps }));

describe("sibling blocks", () => {
  it("leaves a small fan-out as it is", () => {
    const nodes = [{ id: "plan", dependsOn: [] }, ...map(BLOCK_MIN_MEMBERS - 1)];
    expect(findBlocks(nodes).byId.size).toBe(0);
  });

  it("groups siblings with the same dependencies and dependents, in spec order", () => {
    const sections = map(40);
    const nodes = [
      { id: "plan", dependsOn: [] },
      ...sections,
      { id: "join", dependsOn: sections.map((s) => s.id) },
    ];
    const { byId, blockOf } = findBlocks(nodes);
    expect(byId.size).toBe(1);
    const block = blockOf.get("s0");
    expect(block?.members).toEqual(sections.map((s) => s.id));
    expect(blockOf.has("plan")).toBe(false);
    expect(blockOf.has("join")).toBe(false);
    // Row by row: the second member is right of the first, the first of the next row below it.
    if (!block) return;
    expect(memberOffset(block, 1).x).toBeGreaterThan(memberOffset(block, 0).x);
    expect(memberOffset(block, block.columns).y).toBeGreaterThan(memberOffset(block, 0).y);
    expect(memberOffset(block, block.columns).x).toBe(memberOffset(block, 0).x);
    expect(block.columns).toBeGreaterThan(1);
    expect(block.columns).toBeLessThan(40);
  });

  it("keeps apart siblings whose dependents differ", () => {
    const sections = map(20);
    const reviews = sections.map((s, i) => ({ id: `r${i}`, dependsOn: [s.id] }));
    const nodes = [{ id: "plan", dependsOn: [] }, ...sections, ...reviews];
    expect(findBlocks(nodes).blockOf.has("s0")).toBe(false);
  });

  it("groups independent roots that feed nothing", () => {
    expect(findBlocks(map(12, "n", [])).byId.size).toBe(1);
  });
});
