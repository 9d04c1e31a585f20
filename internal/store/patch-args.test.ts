import { describe, expect, it } from "vitest";
import type { ResolvedNode } from "../domain/graph-spec.js";
import { patchArgs } from "./patch-args.js";

const node = (id: string, dependsOn: string[]) =>
  ({ id, type: "noop", dependsOn }) as unknown as ResolvedNode;

describe("patchArgs", () => {
  it("links every dependency of a node that several addDependencies entries name", () => {
    const args = patchArgs({
      patch: {
        addNodes: [],
        addDependencies: [
          { node: "c", dependsOn: ["x"] },
          { node: "c", dependsOn: ["y", "z"] },
        ],
        removeNodes: [],
        changedNodes: [node("c", ["a", "x", "y", "z"])],
        removedNodes: [],
      },
      source: "api",
      structureVersion: 3,
      order: ["a", "x", "y", "z", "c"],
    });
    // Head: sv, source, data, order, then 0 added, 1 changed, 0 removed; then the changed node's group of 3.
    expect(args.slice(4, 7)).toEqual([0, 1, 0]);
    expect(args[7]).toBe("c");
    expect(args[9]).toBe("x,y,z");
  });
});
