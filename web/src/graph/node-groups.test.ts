import { describe, expect, it } from "vitest";
import { childIdOf, groupOf } from "./group-of.js";
import { findGroups, groupCaption } from "./node-groups.js";
import { memberOffset } from "./sibling-blocks.js";
import { type StructureNode, structureOf } from "./structure.js";

const node = (id: string, type = "noop", dependsOn: string[] = []) => ({
  id,
  type,
  status: "pending" as const,
  attempt: 0,
  failures: 0,
  dependsOn,
});

const nodesOf = (...list: ReturnType<typeof node>[]) =>
  Object.assign(Object.create(null), Object.fromEntries(list.map((n) => [n.id, n])));

describe("node groups", () => {
  it("reads a child's parent and index from its id", () => {
    expect(childIdOf("sections[12]")).toEqual({ parent: "sections", index: 12 });
    expect(childIdOf("outer[0][3]")).toEqual({ parent: "outer[0]", index: 3 });
    expect(childIdOf("sections")).toBeUndefined();
    expect(childIdOf("[3]")).toBeUndefined();
    expect(childIdOf("a[x]")).toBeUndefined();
  });

  it("groups a child under a parent the patches named, or whose type is map or loop", () => {
    const nodes = nodesOf(
      node("fan", "llm"),
      node("fan[0]"),
      node("each", "map"),
      node("each[0]"),
      node("plain", "llm"),
      node("plain[0]"),
      node("orphan[0]"),
    );
    expect(groupOf("fan[0]", nodes, { fan: "map" })).toEqual({ parent: "fan", kind: "map", index: 0 });
    expect(groupOf("each[0]", nodes, {})).toEqual({ parent: "each", kind: "map", index: 0 });
    expect(groupOf("plain[0]", nodes, {})).toBeUndefined();
    expect(groupOf("orphan[0]", nodes, { orphan: "loop" })).toBeUndefined();
    expect(groupOf("constructor[0]", nodes, {})).toBeUndefined();
  });

  it("puts each parent's children in one box, in index order, captioned with the parent", () => {
    const nodes = nodesOf(
      node("refine", "loop"),
      node("refine[10]", "llm", ["refine[9]"]),
      ...Array.from({ length: 10 }, (_, i) =>
        node(`refine[${i}]`, "llm", i === 0 ? [] : [`refine[${i - 1}]`]),
      ),
      node("sections", "map"),
      node("sections[1]"),
      node("sections[0]"),
    );
    const structure: StructureNode[] = structureOf({ nodes });
    const { byId, blockOf } = findGroups(structure);
    expect([...byId.keys()].sort()).toEqual(["group:refine", "group:sections"]);
    const map = blockOf.get("sections[0]");
    expect(map?.members).toEqual(["sections[0]", "sections[1]"]);
    expect(map?.caption).toBe("map sections · 2 children");
    expect(map?.columns).toBe(2);
    const loop = blockOf.get("refine[3]");
    expect(loop?.members).toEqual(Array.from({ length: 11 }, (_, i) => `refine[${i}]`));
    expect(loop?.group).toEqual({ parent: "refine", kind: "loop" });
    expect(blockOf.has("refine")).toBe(false);
    // A small group is one row; its box is wide enough for its caption.
    if (!map) return;
    expect(memberOffset(map, 1).y).toBe(memberOffset(map, 0).y);
    expect(map.width).toBeGreaterThanOrEqual(groupCaption("sections", "map", 2).length * 6);
  });
});
