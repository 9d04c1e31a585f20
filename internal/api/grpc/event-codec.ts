// GraphEvent <-> Event message.
import type { GraphEvent } from "../../domain/events.js";
import { eventTypeFromProto, eventTypeToProto } from "./enum-codec.js";
import type { Event, Event__Output } from "./generated/dago/v1/Event.js";
import { fromStruct, fromTimestamp, toStruct, toTimestamp } from "./struct-codec.js";

export function eventToProto(event: GraphEvent): Event {
  const out: Event = {
    id: event.id,
    graphId: event.graphId,
    tenantId: event.tenantId,
    type: eventTypeToProto(event.type),
    at: toTimestamp(event.at) ?? null,
    data: toStruct(event.data),
  };
  if (event.nodeId !== undefined) out.nodeId = event.nodeId;
  if (event.attempt !== undefined) out.attempt = event.attempt;
  return out;
}

export function eventFromProto(event: Event__Output): GraphEvent {
  const out: GraphEvent = {
    id: event.id ?? "",
    graphId: event.graphId ?? "",
    tenantId: event.tenantId ?? "",
    // A type this build does not know (from a newer server) is passed on by its proto name.
    type: eventTypeFromProto(event.type) ?? (event.type as GraphEvent["type"]),
    at: fromTimestamp(event.at) ?? 0,
    data: fromStruct(event.data),
  };
  if (event.nodeId) out.nodeId = event.nodeId;
  if (event.attempt !== undefined) out.attempt = event.attempt;
  return out;
}
