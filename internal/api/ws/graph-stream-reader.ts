// Reads stored events for replays and the graphs' tenants for subscription checks.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../../domain/events.js";
import { decodeEvent, type StreamEntry } from "../../engine/event-codec.js";
import { graphKeys } from "../../engine/keys.js";

export class GraphStreamReader {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** The tenant of each graph, undefined for a graph that does not exist (or expired). */
  async tenants(graphIds: string[]): Promise<Array<string | undefined>> {
    const pipeline = this.redis.pipeline();
    for (const id of graphIds) pipeline.hget(graphKeys(this.keyPrefix, id).meta, "tenant");
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, tenant]) => {
      if (err) throw err;
      return typeof tenant === "string" ? tenant : undefined;
    });
  }

  /** Up to `count` events after `after` (exclusive), oldest first. */
  async page(graphId: string, tenantId: string, after: string, count: number): Promise<GraphEvent[]> {
    const entries = (await this.redis.xrange(
      graphKeys(this.keyPrefix, graphId).events,
      `(${after}`,
      "+",
      "COUNT",
      count,
    )) as StreamEntry[];
    return entries.map((entry) => decodeEvent(graphId, tenantId, entry));
  }
}
