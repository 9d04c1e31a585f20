// Reads stored events for replays, and the graphs' tenants and last event ids when a subscription starts.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../domain/events.js";
import type { GraphStatus } from "../domain/state.js";
import { decodeEvent, type StreamEntry } from "./event-codec.js";
import { graphKeys } from "./keys.js";

export interface GraphHead {
  tenant: string | undefined;
  status: GraphStatus | undefined;
  lastEventId: string | undefined;
}

export class GraphStreamReader {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /**
   * For each graph, its tenant and status (undefined for a graph that does not exist or expired) and the id of
   * the last event in its stream (undefined while it has none), in one round trip.
   */
  async heads(graphIds: string[]): Promise<GraphHead[]> {
    const pipeline = this.redis.pipeline();
    for (const id of graphIds) {
      const keys = graphKeys(this.keyPrefix, id);
      pipeline.hmget(keys.meta, "tenant", "status");
      pipeline.xrevrange(keys.events, "+", "-", "COUNT", 1);
    }
    const replies = (await pipeline.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    return graphIds.map((_, i) => {
      const [tenant, status] = (replies[2 * i]?.[1] ?? []) as Array<string | null>;
      const last = (replies[2 * i + 1]?.[1] as StreamEntry[] | undefined)?.[0];
      return {
        tenant: tenant ?? undefined,
        status: (status ?? undefined) as GraphStatus | undefined,
        lastEventId: last?.[0],
      };
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
