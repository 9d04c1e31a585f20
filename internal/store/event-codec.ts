// Turns stream entries into GraphEvents. Entry fields: type, at, node?, attempt?, data.
import type { EventType, GraphEvent } from "../domain/events.js";

export type StreamEntry = [id: string, fields: string[]];

export function decodeEvent(graphId: string, tenantId: string, [id, fields]: StreamEntry): GraphEvent {
  const map = fieldMap(fields);
  const event: GraphEvent = {
    id,
    graphId,
    tenantId,
    type: map.get("type") as EventType,
    at: Number(map.get("at")),
    data: JSON.parse(map.get("data") ?? "{}") as Record<string, unknown>,
  };
  const node = map.get("node");
  if (node !== undefined) event.nodeId = node;
  const attempt = map.get("attempt");
  if (attempt !== undefined) event.attempt = Number(attempt);
  return event;
}

/** A stream entry's flat [field, value, ...] list as a map. */
export function fieldMap(fields: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
  return map;
}
