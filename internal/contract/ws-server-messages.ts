// Server → client messages of the WebSocket protocol (docs/WEBSOCKET.md).
import type { GraphEvent } from "../domain/events.js";
import type { OutputDelta } from "./output-delta.js";

export type ServerMessage =
  | { type: "subscribed"; sub: string }
  /** The replay is done; `cursor` on a tenant subscription. */
  | { type: "live"; sub: string; cursor?: string }
  | { type: "unsubscribed"; sub: string }
  /** `cursor` on a tenant subscription: where to resume after this event. */
  | { type: "event"; sub: string; event: GraphEvent; cursor?: string }
  | { type: "delta"; sub: string; delta: OutputDelta }
  /** A refused message (`sub` when it named one) or a dropped subscription; the connection stays up. */
  | { type: "error"; sub?: string; code: string; message: string }
  | { type: "pong" };

export type ServerMessageType = ServerMessage["type"];

export const SERVER_MESSAGE_TYPES: ReadonlySet<string> = new Set<ServerMessageType>([
  "subscribed",
  "live",
  "unsubscribed",
  "event",
  "delta",
  "error",
  "pong",
]);
