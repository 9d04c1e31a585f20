import { describe, expect, it } from "vitest";
import type { EventType, GraphEvent } from "../../domain/events.js";
import { replayHistory } from "./replay-history.js";
import { diffStates } from "./state-diff.js";

// a → b: the smallest graph with a dependency.
function history(...steps: Array<[EventType, string?, number?, Record<string, unknown>?]>): GraphEvent[] {
  const submitted: GraphEvent = {
    id: "1000-0",
    graphId: "g",
    tenantId: "default",
    type: "GraphSubmitted",
    at: 1000,
    data: {
      name: "x",
      nodes: [
        { id: "a", type: "noop", dependsOn: [] },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    },
  };
  return [
    submitted,
    ...steps.map(([type, nodeId, attempt, data], i) => {
      const event: GraphEvent = {
        id: `${1001 + i}-0`,
        graphId: "g",
        tenantId: "default",
        type,
        at: 1001 + i,
        data: data ?? {},
      };
      if (nodeId !== undefined) event.nodeId = nodeId;
      if (attempt !== undefined) event.attempt = attempt;
      return event;
    }),
  ];
}

const HAPPY: Array<[EventType, string?, number?, Record<string, unknown>?]> = [
  ["GraphStarted"],
  ["NodeReady", "a", 1],
  ["NodeStarted", "a", 1, { worker: "w" }],
  ["NodeCompleted", "a", 1, { output: 1 }],
  ["NodeReady", "b", 1],
  ["NodeStarted", "b", 1, { worker: "w" }],
  ["NodeCompleted", "b", 1, { output: 2 }],
  ["GraphCompleted", undefined, undefined, { failedNodes: 0 }],
];

function rules(events: GraphEvent[]): string[] {
  return replayHistory("g", events).violations.map((v) => `${v.rule}:${v.nodeId ?? ""}:${v.eventId}`);
}

describe("replayHistory", () => {
  it("accepts a valid history and returns its fold", () => {
    const result = replayHistory("g", history(...HAPPY));
    expect(result.violations).toEqual([]);
    expect(result.folded?.status).toBe("succeeded");
    expect(result.folded?.nodes.b?.output).toBe(2);
  });

  it("accepts retries, a lease loss, a hand-back, refusals, a pause and a node retry", () => {
    const result = replayHistory(
      "g",
      history(
        ["GraphStarted"],
        ["NodeReady", "a", 1],
        ["NodeStarted", "a", 1, { worker: "w1" }],
        ["NodeRetrying", "a", 1, { error: { code: "lease_expired" }, failures: 0, retryAt: 1 }],
        ["NodeReady", "a", 2],
        ["NodeResultRefused", "a", 1, { kind: "completion" }],
        ["NodeStarted", "a", 2, { worker: "w2" }],
        [
          "NodeRetrying",
          "a",
          2,
          { error: { code: "worker_stopping" }, failures: 0, retryAt: 1, released: true },
        ],
        ["GraphPaused"],
        ["NodeReady", "a", 3],
        ["GraphResumed", undefined, undefined, { reason: "resume" }],
        ["NodeStarted", "a", 3, { worker: "w3" }],
        ["NodeFailed", "a", 3, { error: { code: "x" }, failures: 1 }],
        ["NodeCancelled", "b", undefined, { reason: "graph_failed" }],
        ["GraphFailed", undefined, undefined, { error: { code: "node_failed" } }],
        ["GraphResumed", undefined, undefined, { reason: "node_retry" }],
        ["NodeReset", "a", undefined, { reason: "retry" }],
        ["NodeReady", "a", 4],
        ["NodeReset", "b", undefined, { reason: "upstream_retry" }],
        ["NodeStarted", "a", 4, { worker: "w3" }],
        ["NodeCompleted", "a", 4, { output: 1 }],
        ["NodeReady", "b", 1],
        ["NodeStarted", "b", 1, { worker: "w3" }],
        ["NodeSkipped", "b", 1, { reason: "condition" }],
        ["GraphCompleted", undefined, undefined, { failedNodes: 0 }],
      ),
    );
    expect(result.violations).toEqual([]);
    expect(result.folded?.status).toBe("succeeded");
  });

  it("accepts a ready node that fails with no_worker in a running graph", () => {
    const events = history(
      ["GraphStarted"],
      ["NodeReady", "a", 1],
      ["NodeFailed", "a", 1, { error: { code: "no_worker", retryable: false }, failures: 1 }],
      ["NodeCancelled", "b", undefined, { reason: "graph_failed" }],
      ["GraphFailed", undefined, undefined, { error: { code: "node_failed" } }],
    );
    expect(rules(events)).toEqual([]);
  });

  it("reports a ready node failed for another reason, or while its graph is paused", () => {
    const other = history(
      ["GraphStarted"],
      ["NodeReady", "a", 1],
      ["NodeFailed", "a", 1, { error: { code: "timeout" }, failures: 1 }],
    );
    expect(rules(other)).toEqual(["invalid_transition:a:1003-0"]);
    const paused = history(
      ["GraphStarted"],
      ["NodeReady", "a", 1],
      ["GraphPaused"],
      ["NodeFailed", "a", 1, { error: { code: "no_worker" }, failures: 1 }],
    );
    expect(rules(paused)).toEqual(["invalid_transition:a:1004-0"]);
  });

  it("reports a node completed twice", () => {
    const events = history(...HAPPY.slice(0, 4), ["NodeCompleted", "a", 1, { output: 1 }]);
    expect(rules(events)).toEqual(["invalid_transition:a:1005-0"]);
  });

  it("reports a second start of the same attempt", () => {
    const events = history(...HAPPY.slice(0, 3), ["NodeStarted", "a", 1, { worker: "w2" }]);
    expect(rules(events)).toEqual(["invalid_transition:a:1004-0"]);
  });

  it("reports a node that starts before its dependency succeeded", () => {
    const events = history(
      ["GraphStarted"],
      ["NodeReady", "a", 1],
      ["NodeReady", "b", 1],
      ["NodeStarted", "b", 1, { worker: "w" }],
    );
    expect(rules(events)).toEqual(["dependency_order:b:1003-0", "dependency_order:b:1004-0"]);
    expect(replayHistory("g", events).violations[1]?.message).toContain("a (ready)");
  });

  it("reports attempts out of step and results of an attempt that is not current", () => {
    const events = history(["GraphStarted"], ["NodeReady", "a", 2], ["NodeStarted", "a", 1, { worker: "w" }]);
    expect(rules(events)).toEqual(["attempt_mismatch:a:1002-0", "attempt_mismatch:a:1003-0"]);
  });

  it("reports a graph that ends with open nodes, and transitions after it ended", () => {
    const events = history(
      ["GraphStarted"],
      ["NodeReady", "a", 1],
      ["GraphCompleted", undefined, undefined, { failedNodes: 0 }],
      ["NodeStarted", "a", 1, { worker: "w" }],
    );
    const violations = replayHistory("g", events).violations;
    expect(violations.map((v) => v.rule)).toEqual(["invalid_transition", "invalid_transition"]);
    expect(violations[0]?.message).toContain("a (ready), b (pending)");
    expect(violations[1]?.message).toContain("already succeeded");
  });

  it("reports event ids that do not increase and a history that does not open with GraphSubmitted", () => {
    const events = history(...HAPPY.slice(0, 3));
    events[2] = { ...(events[2] as GraphEvent), id: "999-0" };
    expect(rules(events)).toEqual(["event_order:a:999-0"]);
    expect(rules(events.slice(1))[0]).toBe("event_order::1001-0");
  });

  it("reports a history whose second event is not GraphStarted, or that has none", () => {
    const events = history(...HAPPY);
    expect(rules([events[0] as GraphEvent, ...events.slice(2)])[0]).toBe("event_order:a:1002-0");
    expect(replayHistory("g", events.slice(0, 1)).violations).toEqual([
      {
        graphId: "g",
        rule: "event_order",
        eventId: "1000-0",
        message: "the history's second event is missing: GraphStarted was never recorded",
      },
    ]);
  });

  it("reports an event naming a node the graph does not have", () => {
    const events = history(["GraphStarted"], ["NodeReady", "zz", 1]);
    expect(rules(events)).toEqual(["unreadable:zz:1002-0"]);
    expect(replayHistory("g", events).folded).toBeUndefined();
  });
});

describe("diffStates", () => {
  it("names every differing path, ignoring key order and undefined fields", () => {
    expect(diffStates({ a: 1, b: { c: [1, 2], d: undefined } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(
      diffStates({ nodes: { a: { status: "running" } } }, { nodes: { a: { status: "succeeded" } } }),
    ).toEqual([{ path: "nodes.a.status", stored: "running", folded: "succeeded" }]);
    expect(diffStates({ x: [1] }, { x: [1, 2] })).toEqual([{ path: "x", stored: [1], folded: [1, 2] }]);
  });
});
