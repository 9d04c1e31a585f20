import { describe, expect, it } from "vitest";
import type { NodeStatus } from "../../../internal/domain/state.js";
import { outcomeSegments, outcomesOfCounts, outcomesOfNodes, outcomesText } from "./node-outcomes.js";

const byStatus = (counts: Partial<Record<NodeStatus, number>>): Record<NodeStatus, number> => ({
  pending: 0,
  ready: 0,
  running: 0,
  retrying: 0,
  waiting: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  ...counts,
});

describe("node outcomes", () => {
  it("says a failed graph failed instead of calling every node finished", () => {
    const outcomes = outcomesOfCounts(byStatus({ succeeded: 3, failed: 1, cancelled: 6 }));
    expect(outcomesText(outcomes)).toBe("3 of 10 succeeded · 1 failed · 6 cancelled");
    const segments = outcomeSegments(outcomes);
    expect(segments.map((s) => [s.outcome, s.percent])).toEqual([
      ["succeeded", 30],
      ["failed", 10],
      ["cancelled", 60],
    ]);
  });

  it("counts ready, running, retrying, waiting and pending nodes as still to run", () => {
    const outcomes = outcomesOfCounts(
      byStatus({ succeeded: 1, skipped: 1, pending: 2, running: 1, retrying: 1, waiting: 1 }),
    );
    expect(outcomes.toRun).toBe(5);
    expect(outcomesText(outcomes)).toBe("1 of 7 succeeded · 1 skipped · 5 still to run");
  });

  it("counts a graph's nodes by their state", () => {
    const outcomes = outcomesOfNodes({
      a: { status: "succeeded" },
      b: { status: "failed" },
      c: { status: "ready" },
    });
    expect(outcomes).toEqual({ succeeded: 1, failed: 1, skipped: 0, cancelled: 0, toRun: 1, total: 3 });
    expect(outcomeSegments(outcomesOfNodes({}))).toEqual([]);
  });

  it("fills the bar with success only when every node succeeded", () => {
    const segments = outcomeSegments(outcomesOfCounts(byStatus({ succeeded: 4 })));
    expect(segments).toEqual([{ outcome: "succeeded", count: 4, percent: 100 }]);
  });
});
