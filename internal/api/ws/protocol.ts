// The requests a client can send (internal/contract/ws-client-messages.ts), as the gateway holds them once
// validated, and the error that refuses one.
import type { TenantCursor } from "../../contract/tenant-cursor.js";
import type { SubscriptionType, WsErrorCode } from "../../contract/ws-protocol.js";

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
