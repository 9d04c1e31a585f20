import { describe, expect, it } from "vitest";
import { decodeCompletionOutcome, decodeStartedNode, decodeStartOutcome } from "./started-node.js";

const spec = { id: "b", type: "noop", dependsOn: ["a"], refs: ["a", "__proto__"] };

describe("decoding a started node", () => {
  it("parses the spec, the header and each referenced node's output and status once", () => {
    const started = decodeStartedNode({
      spec: JSON.stringify(spec),
      header: JSON.stringify({ name: "g", input: { x: 1 }, tenant: "t1" }),
      refs: [
        { nodeId: "a", output: '{"y":2}', state: JSON.stringify({ s: "succeeded", a: 1 }) },
        { nodeId: "__proto__" },
      ],
    });
    expect(started.node).toEqual(spec);
    expect(started.header).toEqual({ name: "g", input: { x: 1 }, tenant: "t1" });
    expect(Object.getPrototypeOf(started.refs)).toBeNull();
    expect(Object.entries(started.refs)).toEqual([
      ["a", { output: { y: 2 }, status: "succeeded" }],
      ["__proto__", { output: null, status: "pending" }],
    ]);
  });

  it("leaves the header out when the start did not ask for it", () => {
    expect(decodeStartedNode({ spec: JSON.stringify(spec), refs: [] })).not.toHaveProperty("header");
  });

  it("decodes a start's node and a completion's hand-offs, and passes refusals on", () => {
    const reply = { spec: JSON.stringify(spec), refs: [] };
    expect(decodeStartOutcome({ started: true, node: reply })).toEqual({
      started: true,
      node: { node: spec, refs: {} },
    });
    expect(decodeStartOutcome({ started: false, reason: "paused" })).toEqual({
      started: false,
      reason: "paused",
    });
    expect(
      decodeCompletionOutcome({
        applied: true,
        graphStatus: "running",
        handedOff: [{ nodeId: "b", attempt: 1, node: reply }],
      }),
    ).toEqual({
      applied: true,
      graphStatus: "running",
      handedOff: [{ nodeId: "b", attempt: 1, node: { node: spec, refs: {} } }],
    });
    expect(decodeCompletionOutcome({ applied: false, reason: "graph_gone" })).toEqual({
      applied: false,
      reason: "graph_gone",
    });
  });
});
