// After a crash, a fault or a fuzz run, the invariant checker behind `dago check` (internal/store/check) must find
// nothing wrong under the test's key prefix: every graph whole and its history sound, every index entry and
// idempotency record naming a graph as it is. Call it once nothing changes the graphs any more.
import type { Redis } from "ioredis";
import { expect } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphState } from "../../internal/domain/state.js";
import {
  checkGraphs,
  decodeSnapshotEvents,
  listGraphIds,
  readGraphSnapshot,
} from "../../internal/store/check/index.js";
import { toGraphState } from "../../internal/store/projection.js";

export interface StoredGraph {
  id: string;
  state: GraphState;
  events: GraphEvent[];
}

/** Asserts that the checker reports no violation, then returns every stored graph by id. */
export async function expectGraphsWhole(redis: Redis, keyPrefix: string): Promise<Map<string, StoredGraph>> {
  const report = await checkGraphs(redis, { keyPrefix });
  expect(report.violations).toEqual([]);
  const graphs = new Map<string, StoredGraph>();
  for (const id of await listGraphIds(redis, keyPrefix)) {
    const snapshot = await readGraphSnapshot(redis, keyPrefix, id);
    const decoded = snapshot && decodeSnapshotEvents(snapshot);
    if (!snapshot || !decoded || "badEntry" in decoded)
      throw new Error(`graph ${id} changed after the check`);
    graphs.set(id, { id, state: toGraphState(id, snapshot.raw), events: decoded.events });
  }
  expect(graphs.size, "graphs read back vs graphs checked").toBe(report.graphs);
  return graphs;
}
