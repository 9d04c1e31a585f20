// What a watch yields, in the order it yields it. Transports only format these: the WebSocket gateway into its
// messages, gRPC WatchGraph into stream responses.
import type { OutputDelta } from "../../contract/output-delta.js";
import type { GraphEvent } from "../../domain/events.js";

export interface EventItem {
  kind: "event";
  event: GraphEvent;
  /** `event` as JSON, serialized once for every watch that gets it. */
  json: string;
  /** A tenant watch's position after this event, in its text form. */
  cursor?: string;
  /** When the event was recorded, for a live one (the delivery lag is measured from it); absent in a replay. */
  liveSinceMs?: number;
}

export interface DeltaItem {
  kind: "delta";
  delta: OutputDelta;
  json: string;
}

/** The replay is over: what follows is live. Yielded once per watch; a tenant watch says where it stands. */
export interface LiveItem {
  kind: "live";
  cursor?: string;
}

export type WatchItem = EventItem | DeltaItem | LiveItem;
