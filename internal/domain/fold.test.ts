import { describe, expect, it } from "vitest";
import type { GraphEvent } from "./events.js";
import { foldEvents } from "./fold.js";

let seq = 0;
function ev(type: GraphEvent["type"], extra: Partial<GraphEvent> = {}): GraphEvent {
  seq += 1;
  return {
    id: `${1000 + seq}-0`,
    graphId: "g-0",
    tenantId: "default",
    type,
    at: 1000 + seq,
    data: {},
    ...extra,
  };
}

function history(): GraphEvent[] {
  seq = 0;
  return [
    ev("GraphSubmitted", {
      data: {
        name: "two",
        input: { x: 1 },
        nodes: [
          { id: "a", type: "noop", dependsOn: [] },
          { id: "b", type: "noop", dependsOn: ["a"] },
        ],
      },
    }),
    ev("GraphStarted"),
    ev("NodeReady", { nodeId: "a", attempt: 1 }),
    ev("NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w1" } }),
    ev("NodeRetrying", {
      nodeId: "a",
      attempt: 1,
      data: { error: { code: "x", message: "boom", retryable: true }, failures: 1, retryAt: 5000 },
    }),
    ev("NodeReady", { nodeId: "a", attempt: 2 }),
    ev("NodeStarted", { nodeId: "a", attempt: 2, data: { worker: "w2" } }),
    ev("NodeCompleted", { nodeId: "a", attempt: 2, data: { output: { ok: true } } }),
    ev("NodeReady", { nodeId: "b", attempt: 1 }),
    ev("NodeStarted", { nodeId: "b", attempt: 1, data: { worker: "w1" } }),
    ev("NodeCompleted", { nodeId: "b", attempt: 1, data: { output: "done" } }),
    ev("GraphCompleted"),
  ];
}

describe("foldEvents", () => {
  it("folds a whole history into the final state", () => {
    const state = foldEvents(history());
    expect(state).toMatchObject({ status: "succeeded", version: 12, lastEventId: "1012-0", endedAt: 1012 });
    expect(state?.nodes.a).toMatchObject({ status: "succeeded", attempt: 2, failures: 1, worker: "w2" });
    expect(state?.nodes.a?.error).toBeUndefined();
    expect(state?.nodes.b?.output).toBe("done");
  });

  it("folds any prefix: the state as of an earlier event", () => {
    const events = history();
    const asOfRetry = foldEvents(events.slice(0, 5));
    expect(asOfRetry?.status).toBe("running");
    expect(asOfRetry?.nodes.a).toMatchObject({ status: "retrying", failures: 1, retryAt: 5000 });
    expect(asOfRetry?.nodes.b?.status).toBe("pending");
  });

  it("is pure: folding twice gives equal states and leaves the events untouched", () => {
    const events = history();
    const before = JSON.stringify(events);
    const first = foldEvents(events);
    const second = foldEvents(events);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(JSON.stringify(events)).toBe(before);
  });

  it("refuses a history that does not start with GraphSubmitted", () => {
    expect(() => foldEvents(history().slice(1))).toThrow(/comes before GraphSubmitted/);
  });

  it("forgets why a node was skipped once a retry resets it", () => {
    seq = 0;
    const events = [
      ev("GraphSubmitted", {
        data: {
          name: "continue",
          nodes: [
            { id: "a", type: "noop", dependsOn: [], continueOnFailure: true },
            { id: "b", type: "noop", dependsOn: ["a"] },
          ],
        },
      }),
      ev("GraphStarted"),
      ev("NodeReady", { nodeId: "a", attempt: 1 }),
      ev("NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w1" } }),
      ev("NodeFailed", {
        nodeId: "a",
        attempt: 1,
        data: { error: { code: "x", message: "boom", retryable: false }, failures: 1 },
      }),
      ev("NodeSkipped", { nodeId: "b", data: { reason: "upstream_failed", upstream: "a" } }),
      ev("NodeReset", { nodeId: "a", data: { reason: "retry" } }),
      ev("NodeReset", { nodeId: "b", data: { reason: "upstream_retry" } }),
    ];
    const skipped = foldEvents(events.slice(0, 6));
    expect(skipped?.nodes.b).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    const reset = foldEvents(events);
    expect(reset?.nodes.b?.status).toBe("pending");
    expect(reset?.nodes.b).not.toHaveProperty("skipReason");
    expect(reset?.nodes.b).not.toHaveProperty("endedAt");
  });

  it("folds a 10,000-node history", () => {
    const n = 10_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: "noop", dependsOn: [] }));
    const events: GraphEvent[] = [
      ev("GraphSubmitted", { data: { name: "wide", nodes } }),
      ev("GraphStarted"),
    ];
    for (const node of nodes) {
      events.push(ev("NodeReady", { nodeId: node.id, attempt: 1 }));
      events.push(ev("NodeStarted", { nodeId: node.id, attempt: 1, data: { worker: "w" } }));
      events.push(ev("NodeCompleted", { nodeId: node.id, attempt: 1, data: { output: null } }));
    }
    events.push(ev("GraphCompleted"));
    const state = foldEvents(events);
    expect(state?.status).toBe("succeeded");
    expect(state?.version).toBe(3 * n + 3);
    expect(Object.values(state?.nodes ?? {}).every((node) => node.status === "succeeded")).toBe(true);
  });
});

describe("the wait for a worker", () => {
  function waiting(): GraphEvent[] {
    seq = 0;
    return [
      ev("GraphSubmitted", {
        data: {
          name: "wait",
          nodes: [
            { id: "a", type: "fetch", dependsOn: [], scheduleTimeoutMs: 500 },
            { id: "b", type: "noop", dependsOn: [], scheduleTimeoutMs: 0 },
          ],
        },
      }),
      ev("GraphStarted"),
      ev("NodeReady", { nodeId: "a", attempt: 1 }),
      ev("NodeReady", { nodeId: "b", attempt: 1 }),
    ];
  }

  it("gives a ready node of a running graph a deadline, and none to a node that waits forever", () => {
    const state = foldEvents(waiting());
    expect(state?.nodes.a).toMatchObject({
      status: "ready",
      scheduleTimeoutMs: 500,
      scheduleDeadline: 1003 + 500,
    });
    expect(state?.nodes.b?.scheduleDeadline).toBeUndefined();
  });

  it("stops the clock while the graph is paused and starts it again on resume", () => {
    const events = [...waiting(), ev("GraphPaused")];
    expect(foldEvents(events)?.nodes.a?.scheduleDeadline).toBeUndefined();
    const resumed = foldEvents([...events, ev("GraphResumed", { data: { reason: "resume" } })]);
    expect(resumed?.nodes.a?.scheduleDeadline).toBe(1006 + 500);
  });

  it("ends when the node starts or fails with no_worker", () => {
    const started = foldEvents([
      ...waiting(),
      ev("NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w" } }),
    ]);
    expect(started?.nodes.a?.scheduleDeadline).toBeUndefined();
    const error = { code: "no_worker", message: "nobody", retryable: false };
    const failed = foldEvents([
      ...waiting(),
      ev("NodeFailed", { nodeId: "a", attempt: 1, data: { error, failures: 1 } }),
    ]);
    expect(failed?.nodes.a).toMatchObject({ status: "failed", error });
    expect(failed?.nodes.a?.scheduleDeadline).toBeUndefined();
  });
});
