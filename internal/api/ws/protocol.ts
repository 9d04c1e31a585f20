// The WebSocket protocol's vocabulary (docs/WEBSOCKET.md): paths, close codes, error codes and the requests a
// client can send, already validated.
import type { EventType } from "../../domain/events.js";
import type { TenantCursor } from "./tenant-cursor.js";

export const WS_PATH = "/api/v1/ws";

export const CLOSE_GOING_AWAY = 1001;
/** The client did not read fast enough; it may reconnect and resume with `after`. */
export const CLOSE_SLOW_CLIENT = 4008;

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

/** A refused client message: answered with an `error` message, the connection stays up. */
export class WsRequestError extends Error {
  constructor(
    readonly code: WsErrorCode,
    message: string,
    readonly sub?: string,
  ) {
    super(message);
    this.name = "WsRequestError";
  }
}

export interface GraphsSubscribeRequest {
  op: "subscribe";
  scope: "graphs";
  sub: string;
  /** Distinct graph ids, in the order given. */
  graphs: string[];
  tenant?: string;
  /** Undefined: every event type and deltas. */
  types?: ReadonlySet<SubscriptionType>;
  /** graph id → event id after which stored events are replayed. */
  after: Map<string, string>;
}

export interface TenantSubscribeRequest {
  op: "subscribe";
  scope: "tenant";
  sub: string;
  tenant?: string;
  types?: ReadonlySet<SubscriptionType>;
  after?: TenantCursor;
}

export type ClientRequest =
  | { op: "ping" }
  | { op: "unsubscribe"; sub: string }
  | GraphsSubscribeRequest
  | TenantSubscribeRequest;
