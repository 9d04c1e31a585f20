// The WebSocket protocol of GET /api/v1/ws as the dashboard uses it (docs/WEBSOCKET.md has the whole contract).
import type { EventType, GraphEvent } from "../../../internal/domain/events.js";
import type { OutputDelta } from "../../../internal/worker/output-delta.js";

export type { OutputDelta };

/** What a subscription asks for; the connection adds `op` and `sub`. */
export type SubscribeRequest =
  | { graphs: string[]; after?: Record<string, string>; types?: EventType[]; tenant?: string }
  | { scope: "tenant"; after?: string; types?: EventType[]; tenant?: string };

export type ServerMessage =
  | { type: "subscribed"; sub: string }
  | { type: "live"; sub: string }
  | { type: "unsubscribed"; sub: string }
  | { type: "event"; sub: string; event: GraphEvent; cursor?: string }
  | { type: "delta"; sub: string; delta: OutputDelta }
  | { type: "error"; sub?: string; code: string; message: string }
  | { type: "pong" };

const TYPES = new Set(["subscribed", "live", "unsubscribed", "event", "delta", "error", "pong"]);

/** Parses one text frame; undefined for anything this client does not understand (a newer server's extras). */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as { type?: unknown; sub?: unknown; event?: unknown; delta?: unknown };
  if (typeof message.type !== "string" || !TYPES.has(message.type)) return undefined;
  if (message.type === "event" && (typeof message.event !== "object" || message.event === null))
    return undefined;
  if (message.type === "delta" && (typeof message.delta !== "object" || message.delta === null))
    return undefined;
  return value as ServerMessage;
}
