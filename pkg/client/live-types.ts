// The shapes a DagoLiveClient takes and yields, built on the WebSocket contract (docs/WEBSOCKET.md).
import type { OutputDelta } from "../../internal/contract/output-delta.js";
import type { SubscriptionType } from "../../internal/contract/ws-protocol.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { BackoffPolicy } from "./backoff.js";
import type { WebSocketFactory } from "./web-socket.js";

export interface DagoLiveClientOptions {
  /** The server's HTTP address, e.g. "http://localhost:8080"; the socket goes to ws(s)://…/api/v1/ws. */
  baseUrl: string;
  /** Offered as the `dago.bearer.<base64url key>` subprotocol, which browsers can send too. */
  apiKey?: string;
  /** The tenant watched when a watch names none; the API key's own tenant (or "default") otherwise. */
  tenantId?: string;
  /** How sockets are made: the `ws` package under Node and the global WebSocket elsewhere by default. */
  webSocket?: WebSocketFactory;
  /** A ping goes out this often; a connection that answered nothing for a whole period is dropped (20 s). */
  heartbeatMs?: number;
  /** A connection that has not opened within this long counts as failed (10 s). */
  connectTimeoutMs?: number;
  /** The delays between reconnections: 250 ms doubling up to 10 s, jittered. */
  backoff?: BackoffPolicy;
  /**
   * After this many failed connections in a row (no message received in between), every open watch ends with a
   * DagoConnectionError. Unlimited by default: the client keeps reconnecting.
   */
  maxConnectFailures?: number;
  /**
   * A watch whose consumer leaves this many items unread unsubscribes until it has taken half of them, then
   * resumes after the last one received (10 000). Deltas sent meanwhile are lost.
   */
  maxWaitingItems?: number;
}

export interface WatchGraphOptions {
  /**
   * Replay the stored events after this event id ("0-0": the whole history) before the live ones. Without it
   * the watch starts live, and the no-gap guarantee across reconnections holds from its first event on.
   */
  after?: string;
  /** Only these event types (and "NodeOutputDelta" for deltas); every event and delta by default. */
  types?: SubscriptionType[];
  /** Aborting unsubscribes and makes the iterator throw the signal's reason. */
  signal?: AbortSignal;
}

export interface WatchTenantOptions {
  /** The client's tenantId by default. */
  tenantId?: string;
  /** Only these event types; deltas only when "NodeOutputDelta" is named. Every event by default. */
  types?: SubscriptionType[];
  /** A `cursor` of an earlier item: replay what came after it. Live from now by default. */
  after?: string;
  signal?: AbortSignal;
}

/** The replay is over: what follows happened after the watch began. Yielded once per watch. */
export interface LiveItem {
  kind: "live";
}

export interface DeltaItem {
  kind: "delta";
  /** Ephemeral output of a running llm node: not replayed, and may be lost across a reconnection. */
  delta: OutputDelta;
}

export type GraphWatchItem = { kind: "event"; event: GraphEvent } | DeltaItem | LiveItem;

export type TenantWatchItem =
  /** `cursor`: pass it as `after` to a later watch to go on after this event. */
  { kind: "event"; event: GraphEvent; cursor: string } | DeltaItem | (LiveItem & { cursor: string });

/** One watch: iterate it with `for await`; leaving the loop (or `return()`) unsubscribes. */
export interface LiveWatch<T> extends AsyncIterableIterator<T> {
  return(): Promise<IteratorResult<T, undefined>>;
}
