import { describe, expect, it } from "vitest";
import type { GraphSummary } from "../../../internal/service/types.js";
import type { GraphMetrics } from "../api/http-api.js";
import { rowFromSummary, rowWithMetrics } from "./graph-list-model.js";

const summary = (status: GraphSummary["status"]): GraphSummary => ({
  id: "g",
  tenantId: "default",
  name: "g",
  status,
  createdAt: 1,
  nodeCount: 4,
});

describe("graph list rows", () => {
  it("knows a finished graph's progress without asking, and keeps a running one's until refreshed", () => {
    expect(rowFromSummary(summary("succeeded")).done).toBe(4);
    expect(rowFromSummary(summary("running")).done).toBeUndefined();
    expect(rowFromSummary(summary("running"), { ...summary("running"), done: 2 }).done).toBe(2);
  });

  it("counts every node in a final state as done, and the failed ones apart", () => {
    const metrics = {
      graphId: "g",
      status: "running",
      nodeCount: 4,
      nodesByStatus: {
        pending: 0,
        ready: 0,
        running: 1,
        retrying: 0,
        succeeded: 1,
        failed: 1,
        skipped: 1,
        cancelled: 0,
      },
    } as GraphMetrics;
    expect(rowWithMetrics(rowFromSummary(summary("pending")), metrics)).toMatchObject({
      status: "running",
      done: 3,
      failedNodes: 1,
    });
  });
});
