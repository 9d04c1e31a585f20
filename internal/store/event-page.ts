// One page of a graph's history, optionally only events of some types. A filtered page reads the stream in
// batches until it has `limit` matching events, reaches the stream's end or has looked at `scanLimit` entries;
// its cursor is the last entry it looked at, matching or not, so a page that skipped many events (even one with
// no match at all) still moves the client past them and paging always ends.
import type { Redis } from "ioredis";
import type { EventType, GraphEvent } from "../domain/events.js";
import { decodeEvent, fieldMap, type StreamEntry } from "./event-codec.js";

export interface EventPageQuery {
  after?: string;
  limit: number;
  /** Only these types; every event when absent. */
  types?: ReadonlySet<EventType>;
  /** The most entries one filtered page looks at before it answers with what it found. */
  scanLimit: number;
}

export interface StoredEventPage {
  events: GraphEvent[];
  /** Where the next page starts (exclusive); absent when the page reached the stream's end. */
  nextAfter?: string;
}

export async function readEventPage(
  redis: Redis,
  streamKey: string,
  graph: { graphId: string; tenantId: string },
  query: EventPageQuery,
): Promise<StoredEventPage> {
  const decode = (entry: StreamEntry) => decodeEvent(graph.graphId, graph.tenantId, entry);
  const { limit, types } = query;
  if (!types) {
    const entries = await range(redis, streamKey, query.after, limit);
    const events = entries.map(decode);
    const last = events[events.length - 1];
    return events.length === limit && last ? { events, nextAfter: last.id } : { events };
  }
  const events: GraphEvent[] = [];
  let cursor = query.after;
  let scanned = 0;
  // Batches of at least `limit`, so a page of mostly matching events costs one round trip as before.
  const batch = Math.min(Math.max(limit, 100), query.scanLimit);
  while (scanned < query.scanLimit) {
    const count = Math.min(batch, query.scanLimit - scanned);
    const entries = await range(redis, streamKey, cursor, count);
    for (const entry of entries) {
      scanned += 1;
      cursor = entry[0];
      if (types.has(fieldMap(entry[1]).get("type") as EventType)) events.push(decode(entry));
      if (events.length === limit) return { events, nextAfter: cursor };
    }
    if (entries.length < count) return { events };
  }
  return cursor === undefined ? { events } : { events, nextAfter: cursor };
}

/** Entries after `after` (exclusive), oldest first. */
function range(redis: Redis, key: string, after: string | undefined, count: number): Promise<StreamEntry[]> {
  return redis.xrange(key, after ? `(${after}` : "-", "+", "COUNT", count) as Promise<StreamEntry[]>;
}
