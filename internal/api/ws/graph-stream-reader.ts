// Reads stored events for replays: a graph's own stream (the history, paged) and single GraphSubmitted events
// whose data the partition log leaves out.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../../domain/events.js";
import { decodeEvent, type StreamEntry } from "../../engine/event-codec.js";
import { graphKeys } from "../../engine/keys.js";
import type { LogEvent } from "./log-entry.js";

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

  /**
   * Fills in the data of GraphSubmitted entries read from a partition log. A graph that expired in the meantime
   * keeps the empty data; either way the entry counts as complete afterwards.
   */
  async complete(entries: LogEvent[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      const key = graphKeys(this.keyPrefix, entry.event.graphId).events;
      pipeline.xrange(key, entry.event.id, entry.event.id);
    }
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([err, rows], i) => {
      if (err) throw err;
      const entry = entries[i] as LogEvent;
      const row = (rows as StreamEntry[])[0];
      if (row) entry.event = decodeEvent(entry.event.graphId, entry.event.tenantId, row);
      entry.complete = true;
      entry.json = undefined;
    });
  }
}
