import { describe, expect, it } from "vitest";
import type { GraphMetrics, GraphSummary } from "../../../internal/contract/graph-views.js";
import { mayEnterList, needsOutcomes, rowFromSummary, rowWithMetrics } from "./graph-list-model.js";

const summary = (status: GraphSummary["status"]): GraphSummary => ({
  id: "g",
  tenantId: "default",
  name: "g",
  status,
  createdAt: 1,
  nodeCount: 4,
});

const metrics = (status: GraphSummary["status"], counts: Partial<GraphMetrics["nodesByStatus"]>) =>
  ({
    graphId: "g",
    status,
    nodeCount: 4,
    nodesByStatus: {
      pending: 0,
      ready: 0,
      running: 0,
      retrying: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      ...counts,
    },
  }) as GraphMetrics;

describe("graph list rows", () => {
  it("counts what happened to a failed graph's nodes, not all of them as finished", () => {
    const row = rowWithMetrics(
      rowFromSummary(summary("running")),
      metrics("failed", { succeeded: 1, failed: 1, cancelled: 2 }),
    );
    expect(row).toMatchObject({
      status: "failed",
      outcomes: { succeeded: 1, failed: 1, skipped: 0, cancelled: 2, toRun: 0, total: 4 },
    });
  });

  it("fetches an ended graph's outcomes once, a running graph's on every refresh", () => {
    const ended = rowWithMetrics(
      rowFromSummary(summary("succeeded")),
      metrics("succeeded", { succeeded: 4 }),
    );
    expect(needsOutcomes(rowFromSummary(summary("succeeded")), undefined)).toBe(true);
    expect(needsOutcomes(rowFromSummary(summary("succeeded"), ended), ended)).toBe(false);
    // A node retry made it live again.
    expect(needsOutcomes(rowFromSummary(summary("running"), ended), ended)).toBe(true);
    const running = rowWithMetrics(rowFromSummary(summary("running")), metrics("running", { running: 4 }));
    expect(needsOutcomes(rowFromSummary(summary("running"), running), running)).toBe(true);
  });

  it("asks for the list again only for events that can bring a graph onto it", () => {
    expect(mayEnterList({ type: "GraphSubmitted" }, undefined)).toBe(true);
    expect(mayEnterList({ type: "NodeCompleted" }, undefined)).toBe(false);
    expect(mayEnterList({ type: "GraphFailed" }, undefined)).toBe(false);
    expect(mayEnterList({ type: "GraphFailed" }, "failed")).toBe(true);
    expect(mayEnterList({ type: "GraphResumed" }, "running")).toBe(true);
    expect(mayEnterList({ type: "GraphCompleted" }, "failed")).toBe(false);
    expect(mayEnterList({ type: "GraphSubmitted" }, "failed")).toBe(false);
  });
});
