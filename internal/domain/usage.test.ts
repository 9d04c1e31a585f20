import { describe, expect, it } from "vitest";
import type { GraphEvent } from "./events.js";
import { foldEvents } from "./fold.js";
import { addCost, usdToNanos } from "./usage.js";

let seq = 0;
function ev(type: GraphEvent["type"], extra: Partial<GraphEvent> = {}): GraphEvent {
  seq += 1;
  return { id: `${seq}-0`, graphId: "g-0", tenantId: "t", type, at: seq, data: {}, ...extra };
}

const usage = (i: number, o: number, cr = 0, cw = 0) => ({
  inputTokens: i,
  outputTokens: o,
  cacheReadTokens: cr,
  cacheWriteTokens: cw,
});

describe("accounting in the fold", () => {
  it("adds every attempt's usage and cost to its node and to the graph", () => {
    seq = 0;
    const history: GraphEvent[] = [
      ev("GraphSubmitted", {
        data: {
          name: "g",
          nodes: [
            { id: "a", type: "llm", dependsOn: [] },
            { id: "b", type: "llm", dependsOn: [] },
          ],
        },
      }),
      ev("GraphStarted"),
      ev("NodeRetrying", {
        nodeId: "a",
        attempt: 1,
        data: {
          error: { code: "llm_invalid_output", message: "m", retryable: true },
          failures: 1,
          retryAt: 9,
          usage: usage(10, 5),
          costUsd: 0.1,
          model: "m1",
          provider: "anthropic",
        },
      }),
      ev("NodeCompleted", {
        nodeId: "a",
        attempt: 2,
        data: {
          output: "x",
          usage: usage(10, 6, 2, 1),
          costUsd: 0.2,
          model: "m2",
          provider: "anthropic",
          cacheHit: false,
        },
      }),
      ev("NodeCompleted", {
        nodeId: "b",
        attempt: 1,
        data: {
          output: "y",
          usage: usage(0, 0),
          costUsd: 0,
          model: "m1",
          provider: "anthropic",
          cacheHit: true,
        },
      }),
    ];
    const state = foldEvents(history)!;
    expect(state.nodes.a).toMatchObject({
      usage: usage(20, 11, 2, 1),
      costUsd: 0.3,
      model: "m2",
      provider: "anthropic",
      cacheHit: false,
    });
    expect(state.nodes.b).toMatchObject({ cacheHit: true, costUsd: 0 });
    expect(state.usage).toEqual(usage(20, 11, 2, 1));
    // 0.1 + 0.2 in floats is 0.30000000000000004; summed in nano-dollars it is exact.
    expect(state.costUsd).toBe(0.3);
  });

  it("leaves nodes without usage as they were", () => {
    seq = 0;
    const state = foldEvents([
      ev("GraphSubmitted", { data: { name: "g", nodes: [{ id: "a", type: "noop", dependsOn: [] }] } }),
      ev("NodeCompleted", { nodeId: "a", attempt: 1, data: { output: null } }),
    ])!;
    expect(state.nodes.a?.usage).toBeUndefined();
    expect(state.usage).toBeUndefined();
    expect(state.costUsd).toBeUndefined();
  });
});

describe("costs", () => {
  it("sum without float drift", () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) total = addCost(total, 0.000001);
    expect(total).toBe(0.001);
    expect(usdToNanos(0.0006525)).toBe(652_500);
  });
});
