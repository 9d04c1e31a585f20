import { describe, expect, it } from "vitest";
import type { GraphState } from "../../internal/domain/index.js";
import {
  formatDuration,
  formatEvent,
  formatGraph,
  formatIssue,
  formatWarning,
  preview,
  table,
  waitingFor,
} from "./format.js";

describe("format", () => {
  it("prints an issue as where: code: message, without repeating the code", () => {
    expect(formatIssue({ code: "cycle", message: "cycle: a -> b -> a", nodeId: "a" })).toBe(
      "a: cycle: a -> b -> a",
    );
    expect(formatIssue({ code: "missing_field", message: "name is required", path: "/name" })).toBe(
      "/name: missing_field: name is required",
    );
    expect(formatIssue({ code: "not_an_object", message: "no", path: "" })).toBe("graph: not_an_object: no");
  });

  it("previews values on one short line", () => {
    expect(preview("line one\nline two")).toBe('"line one\\nline two"');
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(preview("x".repeat(100), 10)).toBe(`"${"x".repeat(8)}…`);
    expect(preview(undefined)).toBe("undefined");
  });

  it("formats durations", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_345)).toBe("12.3s");
    expect(formatDuration(184_000)).toBe("3m04s");
  });

  it("prints an event as time, type, node, attempt and data", () => {
    const line = formatEvent({
      id: "1-0",
      graphId: "g",
      tenantId: "default",
      type: "NodeCompleted",
      nodeId: "outline",
      attempt: 1,
      at: Date.UTC(2025, 0, 2, 3, 4, 5, 6),
      data: { output: "hi" },
    });
    expect(line).toBe('2025-01-02T03:04:05.006Z  NodeCompleted      outline       #1   {"output":"hi"}');
    const bare = formatEvent({
      id: "1-0",
      graphId: "g",
      tenantId: "default",
      type: "GraphStarted",
      at: 0,
      data: {},
    });
    expect(bare).toBe("1970-01-01T00:00:00.000Z  GraphStarted       -             -");
  });

  it("prints a graph with one line per node", () => {
    const graph: GraphState = {
      id: "g1",
      tenantId: "default",
      name: "report",
      status: "failed",
      version: 9,
      lastEventId: "9-0",
      input: {},
      createdAt: 0,
      startedAt: 1000,
      endedAt: 3500,
      error: { code: "node_failed", message: "node b failed", nodeId: "b" },
      nodes: {
        outline: {
          id: "outline",
          type: "llm",
          status: "succeeded",
          attempt: 1,
          failures: 0,
          dependsOn: [],
          output: "An outline",
        },
        b: {
          id: "b",
          type: "llm",
          status: "failed",
          attempt: 3,
          failures: 3,
          dependsOn: ["outline"],
          error: { code: "llm_error", message: "rate limited", retryable: true },
        },
        c: {
          id: "c",
          type: "noop",
          status: "skipped",
          attempt: 0,
          failures: 0,
          dependsOn: ["b"],
          skipReason: "upstream_failed",
        },
      },
    };
    expect(formatGraph(graph)).toEqual([
      "g1  report  failed after 2.5s",
      "  error: b: node_failed: node b failed",
      '  outline  succeeded  "An outline"',
      "  b        failed     attempt 3  llm_error: rate limited",
      "  c        skipped    a dependency failed",
    ]);
  });

  it("says what a ready node waits for, how many live workers could take it and when it gives up", () => {
    const deadline = new Date(2024, 0, 1, 12, 3, 4).getTime();
    const node = {
      id: "fetch",
      type: "fetch-page",
      status: "ready" as const,
      attempt: 1,
      failures: 0,
      dependsOn: [],
      requires: ["gpu"],
      scheduleTimeoutMs: 300_000,
      scheduleDeadline: deadline,
    };
    const running = { status: "running" as const };
    expect(waitingFor(node, running, deadline - 299_000, [])).toBe(
      'waiting for a worker serving type "fetch-page" with capabilities gpu (none live; fails with no_worker at ' +
        "12:03:04, in 4m59s)",
    );
    const gpuFetcher = { capabilities: ["gpu"], nodeTypes: ["fetch-page", "noop"] };
    const plain = { capabilities: [], nodeTypes: ["fetch-page"] };
    expect(waitingFor(node, running, deadline - 1000, [gpuFetcher, plain])).toBe(
      'waiting for a worker serving type "fetch-page" with capabilities gpu (1 live; fails with no_worker at ' +
        "12:03:04, in 1.0s)",
    );
    const { scheduleDeadline: _, ...pausedNode } = node;
    expect(waitingFor(pausedNode, { status: "paused" }, 0)).toBe(
      'waiting for a worker serving type "fetch-page" with capabilities gpu (graph paused: the wait starts again ' +
        "on resume)",
    );
    expect(waitingFor({ ...pausedNode, type: "noop", requires: [], scheduleTimeoutMs: 0 }, running, 0)).toBe(
      'waiting for a worker serving type "noop" (waits forever)',
    );
    const graph = {
      id: "g2",
      tenantId: "default",
      name: "wait",
      status: "running" as const,
      version: 3,
      lastEventId: "1-0",
      input: {},
      createdAt: 0,
      nodes: { fetch: node },
    };
    expect(formatGraph(graph, deadline - 60_000, [])).toEqual([
      "g2  wait  running",
      '  fetch  ready      waiting for a worker serving type "fetch-page" with capabilities gpu (none live; fails ' +
        "with no_worker at 12:03:04, in 1m00s)",
    ]);
  });

  it("prints a submission warning with its nodes", () => {
    expect(
      formatWarning({
        code: "no_worker_for_type",
        message: "nobody serves it",
        nodeId: "a",
        nodeIds: ["a", "b", "c", "d", "e", "f", "g"],
        type: "x",
        capabilities: [],
      }),
    ).toBe("dago: warning: no_worker_for_type: nodes a, b, c, d, e and 2 more: nobody serves it");
  });

  it("pads table columns but the last", () => {
    expect(table(["A", "BB"], [["xyz", "1"]])).toEqual(["A    BB", "xyz  1"]);
  });
});
