// Client → server messages of the WebSocket protocol, as JSON objects on the wire (docs/WEBSOCKET.md). The
// gateway checks every field of what it receives; these are the shapes it accepts.
import type { SubscriptionType } from "./ws-protocol.js";

export interface GraphsSubscribeMessage {
  op: "subscribe";
  /** The client's id for the subscription: 1-64 of `[A-Za-z0-9_.:-]`, unique among its open ones. */
  sub: string;
  scope?: "graphs";
  graphs: string[];
  tenant?: string;
  /** Left out: every event type and the deltas. */
  types?: SubscriptionType[];
  /** graph id → event id after which stored events are replayed; a plain event id with exactly one graph. */
  after?: Record<string, string> | string;
}

export interface TenantSubscribeMessage {
  op: "subscribe";
  sub: string;
  scope: "tenant";
  tenant?: string;
  /** Left out: every event type, no deltas. */
  types?: SubscriptionType[];
  /** A `cursor` the server sent earlier on a tenant subscription. */
  after?: string;
}

export type SubscribeMessage = GraphsSubscribeMessage | TenantSubscribeMessage;

export interface UnsubscribeMessage {
  op: "unsubscribe";
  sub: string;
}

export interface PingMessage {
  op: "ping";
}

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | PingMessage;

/** What a subscriber asks for: a subscribe message before its connection adds `op` and `sub`. */
export type SubscriptionRequest =
  | Omit<GraphsSubscribeMessage, "op" | "sub">
  | Omit<TenantSubscribeMessage, "op" | "sub">;
