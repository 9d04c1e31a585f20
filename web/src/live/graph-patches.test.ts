import { describe, expect, it } from "vitest";
import { describePatch, groupOfPatch, patchOf, patchSpecs } from "./graph-patches.js";
import { event } from "./test-events.js";

const patched = (data: Record<string, unknown>) => {
  const patch = patchOf(event("1-0", "GraphPatched", { data }));
  if (!patch) throw new Error("not a patch");
  return patch;
};

const spec = (id: string, dependsOn: string[] = []) => ({ id, type: "noop", dependsOn }) as never;

describe("graph patches", () => {
  it("reads a patch with every list present, and nothing from other events", () => {
    expect(patched({ source: "api" })).toEqual({
      source: "api",
      addNodes: [],
      addDependencies: [],
      removeNodes: [],
    });
    expect(patchOf(event("1-0", "GraphStarted"))).toBeUndefined();
  });

  it("says what a patch changed and who made it", () => {
    expect(
      describePatch(
        patched({
          source: "api",
          addNodes: [spec("x"), spec("y")],
          addDependencies: [{ node: "final", dependsOn: ["x"] }],
          removeNodes: ["old"],
        }),
      ),
    ).toBe("patched by api: +2 nodes, +1 dependency, -1 node");
    expect(
      describePatch(
        patched({ source: "planner", by: "plan", addDependencies: [{ node: "f", dependsOn: ["a", "b"] }] }),
      ),
    ).toBe("patched by planner (node plan): +2 dependencies");
    expect(describePatch(patched({ source: "api" }))).toBe("patched by api: no changes");
    expect(describePatch(patched({ source: "api", by: "alice@acme" }))).toBe(
      "patched by api (alice@acme): no changes",
    );
  });

  it("says how many children a map added and how many iterations a loop did", () => {
    const children = Array.from({ length: 5 }, (_, i) => spec(`sections[${i}]`));
    expect(describePatch(patched({ source: "map", by: "sections", addNodes: children }))).toBe(
      "map sections added 5 children",
    );
    expect(
      describePatch(
        patched({
          source: "loop",
          by: "refine",
          addNodes: [spec("refine[1]", ["refine[0]"])],
          addDependencies: [{ node: "publish", dependsOn: ["refine[1]"] }],
        }),
      ),
    ).toBe("loop refine added 1 iteration, +1 dependency");
    expect(groupOfPatch(patched({ source: "loop", by: "refine" }))).toEqual({
      parent: "refine",
      kind: "loop",
    });
    expect(groupOfPatch(patched({ source: "executor", by: "write" }))).toBeUndefined();
  });

  it("patches specs as the fold patches states, leaving the old record untouched", () => {
    const specs = { a: spec("a"), gone: spec("gone"), final: spec("final", ["a"]) };
    const next = patchSpecs(
      specs,
      patched({
        source: "api",
        addNodes: [spec("extra", ["a"])],
        addDependencies: [{ node: "final", dependsOn: ["extra"] }],
        removeNodes: ["gone"],
      }),
    );
    expect(Object.keys(next).sort()).toEqual(["a", "extra", "final"]);
    expect(next.final?.dependsOn).toEqual(["a", "extra"]);
    expect(specs.final).toEqual(spec("final", ["a"]));
    expect(Object.keys(specs)).toContain("gone");
  });
});
