// The list view of graphs: a few fields of each graph's meta hash, read for a whole page in one round trip
// instead of folding every graph's projection.
import type { Redis } from "ioredis";
import type { GraphSummary } from "../contract/graph-views.js";
import type { GraphStatus } from "../domain/state.js";
import { graphKeys } from "./keys.js";

const SUMMARY_FIELDS = ["status", "tenant", "name", "createdAt", "startedAt", "endedAt", "total"] as const;

/** One entry per id, in order; undefined for a graph whose keys are gone (expired under retention). */
export async function readGraphSummaries(
  redis: Redis,
  keyPrefix: string,
  graphIds: readonly string[],
): Promise<Array<GraphSummary | undefined>> {
  if (graphIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const graphId of graphIds) pipeline.hmget(graphKeys(keyPrefix, graphId).meta, ...SUMMARY_FIELDS);
  const replies = (await pipeline.exec()) ?? [];
  return graphIds.map((graphId, i) => {
    const [err, value] = replies[i] ?? [null, null];
    if (err) throw err;
    return toSummary(graphId, value as Array<string | null>);
  });
}

function toSummary(graphId: string, fields: Array<string | null>): GraphSummary | undefined {
  const [status, tenant, name, createdAt, startedAt, endedAt, total] = fields;
  if (!status || !tenant) return undefined;
  const summary: GraphSummary = {
    id: graphId,
    tenantId: tenant,
    name: name ?? "",
    status: status as GraphStatus,
    createdAt: Number(createdAt),
    nodeCount: Number(total),
  };
  if (startedAt) summary.startedAt = Number(startedAt);
  if (endedAt) summary.endedAt = Number(endedAt);
  return summary;
}
