// The WebSocket protocol's vocabulary (docs/WEBSOCKET.md): its path, close codes, error codes and the types a
// subscription may ask for.
import type { EventType } from "../domain/events.js";

export const WS_PATH = "/api/v1/ws";

export const CLOSE_GOING_AWAY = 1001;
/** The client did not read fast enough; it may reconnect and resume with `after`. */
export const CLOSE_SLOW_CLIENT = 4008;

/** Not an event type: asks for the token deltas of running llm nodes. */
export const DELTA_TYPE = "NodeOutputDelta";
export type SubscriptionType = EventType | typeof DELTA_TYPE;

export const WS_ERROR_CODES = [
  "invalid_json",
  "binary_frame",
  "unknown_op",
  "invalid_sub",
  "duplicate_sub",
  "unknown_sub",
  "invalid_message",
  "invalid_scope",
  "invalid_graph_id",
  "too_many_graphs",
  "too_many_subscriptions",
  "invalid_event_type",
  "invalid_tenant",
  "tenant_not_found",
  "rate_limited",
  "invalid_after",
  "cursor_expired",
  "graph_not_found",
  "internal",
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];
