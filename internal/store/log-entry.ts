// Partition-log entries. Graph scripts mirror every event into the log of the graph's partition with fields
// graph, tenant, id (the id in the graph's own stream), type, node, attempt, at, data; GraphSubmitted is
// mirrored without its data, which is read from the graph's stream when someone wants it.
import type { Redis } from "ioredis";
import type { EventType, GraphEvent } from "../domain/events.js";
import { parseStreamId, type StreamId } from "../domain/stream-id.js";
import { decodeEvent, fieldMap, type StreamEntry } from "./event-codec.js";
import { graphKeys } from "./keys.js";

export interface LogEvent {
  partition: number;
  /** The entry's id in the partition log. */
  logId: StreamId;
  /** The event's id in the graph's stream. */
  eventId: StreamId;
  event: GraphEvent;
  /** Whether `event.data` is complete (false for a GraphSubmitted read from the log). */
  complete: boolean;
  /** `event` as JSON, computed once for every subscriber. */
  json?: string;
}

/** Undefined for an entry that is not a well-formed event (written by a newer or foreign writer). */
export function decodeLogEntry(partition: number, [id, fields]: StreamEntry): LogEvent | undefined {
  const map = fieldMap(fields);
  const logId = parseStreamId(id);
  const graphId = map.get("graph");
  const tenantId = map.get("tenant");
  const eventIdText = map.get("id");
  const eventId = eventIdText === undefined ? undefined : parseStreamId(eventIdText);
  const type = map.get("type");
  const at = Number(map.get("at"));
  if (!logId || !graphId || !tenantId || !eventId || !eventIdText || !type || !Number.isFinite(at)) {
    return undefined;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(map.get("data") ?? "{}") as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const event: GraphEvent = { id: eventIdText, graphId, tenantId, type: type as EventType, at, data };
  const node = map.get("node");
  if (node) event.nodeId = node;
  const attempt = map.get("attempt");
  if (attempt) event.attempt = Number(attempt);
  return { partition, logId, eventId, event, complete: type !== "GraphSubmitted" };
}

export function eventJson(entry: LogEvent): string {
  entry.json ??= JSON.stringify(entry.event);
  return entry.json;
}

/**
 * Fills in the data of entries logged without it (GraphSubmitted) from their graphs' streams. A graph that
 * expired in the meantime keeps the empty data; either way the entry counts as complete afterwards.
 */
export async function completeLogEvents(redis: Redis, keyPrefix: string, entries: LogEvent[]): Promise<void> {
  if (entries.length === 0) return;
  const pipeline = redis.pipeline();
  for (const { event } of entries)
    pipeline.xrange(graphKeys(keyPrefix, event.graphId).events, event.id, event.id);
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
