// A typed client for dago's live events over one WebSocket (docs/WEBSOCKET.md): any number of watches share the
// connection, which opens with the first watch and closes after the last. When it drops, it comes back after a
// jittered exponential back-off and every watch subscribes again after the last item it received, so a consumer
// sees each event once and in order across reconnections (deltas excepted: they are never replayed).

import { parseServerMessage } from "../../internal/contract/parse-server-message.js";
import type { ClientMessage } from "../../internal/contract/ws-client-messages.js";
import { WS_PATH } from "../../internal/contract/ws-protocol.js";
import type { ServerMessage } from "../../internal/contract/ws-server-messages.js";
import { WS_SUBPROTOCOL } from "../../internal/contract/ws-subprotocol.js";
import { parseJson, toApiError } from "./answer-body.js";
import { type BackoffPolicy, DEFAULT_BACKOFF, reconnectDelay } from "./backoff.js";
import { DagoConnectionError, DagoSubscriptionError } from "./errors.js";
import { liveSubprotocols } from "./live-subprotocols.js";
import { LiveSubscription } from "./live-subscription.js";
import type {
  DagoLiveClientOptions,
  GraphWatchItem,
  LiveWatch,
  TenantWatchItem,
  WatchGraphOptions,
  WatchTenantOptions,
} from "./live-types.js";
import { GraphPosition, TenantPosition, type WatchPosition } from "./watch-position.js";
import { type LiveSocket, openSocket, type UpgradeRefusal, type WebSocketFactory } from "./web-socket.js";

const DEFAULT_HEARTBEAT_MS = 20_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_WAITING_ITEMS = 10_000;

/** Subscription errors that say "try again later" rather than "no": the subscription is made again. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(["internal", "rate_limited"]);
/** Upgrade refusals a restarting server or its proxy gives; any other status is the server's final answer. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

interface Watch {
  position: WatchPosition<unknown>;
  subscription: LiveSubscription<unknown>;
  /** The subscription's id on the current connection; a new one every time it subscribes. */
  wireId?: string;
  /** Transient refusals in a row, for the back-off of the next subscribe. */
  refusals: number;
  retryTimer?: ReturnType<typeof setTimeout>;
  /** Unsubscribed because the consumer fell behind; subscribes again once it has caught up. */
  paused: boolean;
}

export class DagoLiveClient {
  /** Where the socket connects, ws(s)://host/api/v1/ws. */
  readonly url: string;
  readonly tenantId: string | undefined;
  readonly #apiKey: string | undefined;
  readonly #webSocket: WebSocketFactory | undefined;
  readonly #heartbeatMs: number;
  readonly #connectTimeoutMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #maxConnectFailures: number;
  readonly #maxWaitingItems: number;

  readonly #watches = new Set<Watch>();
  readonly #byWireId = new Map<string, Watch>();
  #socket: LiveSocket | undefined;
  #open = false;
  #nextWireId = 0;
  /** Connections that failed in a row: closed or refused before the server said anything. */
  #failures = 0;
  #heard = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: DagoLiveClientOptions) {
    this.url = liveUrl(options.baseUrl);
    this.tenantId = options.tenantId;
    this.#apiKey = options.apiKey;
    this.#webSocket = options.webSocket;
    this.#heartbeatMs = positive("heartbeatMs", options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.#connectTimeoutMs = positive(
      "connectTimeoutMs",
      options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#maxConnectFailures = positive(
      "maxConnectFailures",
      options.maxConnectFailures ?? Number.POSITIVE_INFINITY,
    );
    this.#maxWaitingItems = positive("maxWaitingItems", options.maxWaitingItems ?? DEFAULT_MAX_WAITING_ITEMS);
  }

  /**
   * The events (and deltas) of one graph: the stored ones after `after` first, then live ones. A refusal
   * (graph_not_found, tenant_not_found, …) ends the iterator with a DagoSubscriptionError carrying its code; a
   * refused upgrade (401 unauthenticated) with a DagoApiError.
   */
  watchGraph(graphId: string, options: WatchGraphOptions = {}): LiveWatch<GraphWatchItem> {
    return this.#watch(new GraphPosition(graphId, this.tenantId, options), options.signal);
  }

  /**
   * Every event of every graph of a tenant, including graphs submitted later. A cursor the server can no longer
   * resume from ends the iterator with a DagoSubscriptionError of code `cursor_expired`: reload over HTTP and
   * watch again without `after`.
   */
  watchTenant(options: WatchTenantOptions = {}): LiveWatch<TenantWatchItem> {
    return this.#watch(new TenantPosition(options.tenantId ?? this.tenantId, options), options.signal);
  }

  /** Ends every watch (their iterators are done) and closes the connection; the client cannot be used again. */
  close(): void {
    this.#closed = true;
    for (const watch of [...this.#watches]) this.#finish(watch);
    this.#disconnect();
  }

  #watch<T>(position: WatchPosition<T>, signal: AbortSignal | undefined): LiveWatch<T> {
    if (this.#closed) throw new TypeError("this DagoLiveClient is closed");
    const watch: Watch = {
      position,
      subscription: new LiveSubscription<unknown>(
        { onStop: () => this.#stop(watch), onPull: () => this.#pulled(watch) },
        signal,
      ),
      refusals: 0,
      paused: false,
    };
    this.#watches.add(watch);
    if (this.#open) this.#subscribe(watch);
    else if (this.#socket === undefined && this.#reconnectTimer === undefined) this.#connect();
    return watch.subscription as LiveWatch<T>;
  }

  /** The consumer stopped: unsubscribe, and close the connection if no watch is left. */
  #stop(watch: Watch): void {
    if (!this.#watches.has(watch)) return;
    if (watch.wireId !== undefined && this.#open) {
      this.#send({ op: "unsubscribe", sub: watch.wireId });
    }
    this.#finish(watch);
    if (this.#watches.size === 0) this.#disconnect();
  }

  /**
   * The socket is always read, so the server never sees a slow consumer: its items would pile up here. A watch
   * that can resume exactly unsubscribes instead once too many wait, and subscribes again after the last item it
   * received once the consumer has taken half of them (deltas sent meanwhile are lost).
   */
  #queued(watch: Watch): void {
    if (watch.subscription.waiting < this.#maxWaitingItems || !watch.position.resumable) return;
    if (watch.wireId === undefined) return;
    if (this.#open) this.#send({ op: "unsubscribe", sub: watch.wireId });
    this.#byWireId.delete(watch.wireId);
    watch.wireId = undefined;
    watch.paused = true;
  }

  #pulled(watch: Watch): void {
    if (!watch.paused || watch.subscription.waiting > this.#maxWaitingItems / 2) return;
    watch.paused = false;
    if (this.#open && this.#watches.has(watch)) this.#subscribe(watch);
  }

  /** Forgets a watch and ends its iterator (with `error`, after the items already received). */
  #finish(watch: Watch, error?: unknown): void {
    this.#watches.delete(watch);
    if (watch.wireId !== undefined) this.#byWireId.delete(watch.wireId);
    watch.wireId = undefined;
    clearTimeout(watch.retryTimer);
    watch.subscription.end(error);
  }

  #connect(): void {
    this.#reconnectTimer = undefined;
    if (this.#watches.size === 0 || this.#closed) return;
    const protocols = this.#apiKey === undefined ? [WS_SUBPROTOCOL] : liveSubprotocols(this.#apiKey);
    const socket = openSocket(
      this.url,
      protocols,
      {
        open: () => {
          if (this.#socket === socket) this.#opened(socket);
        },
        message: (text) => {
          if (this.#socket === socket) this.#received(text);
        },
        closed: (refusal) => {
          if (this.#socket === socket) this.#dropped(refusal);
        },
      },
      this.#webSocket,
    );
    this.#socket = socket;
    this.#connectTimer = setTimeout(() => {
      socket.drop();
      this.#dropped();
    }, this.#connectTimeoutMs);
  }

  #opened(socket: LiveSocket): void {
    clearTimeout(this.#connectTimer);
    this.#open = true;
    this.#heard = true;
    this.#heartbeat(socket);
    for (const watch of this.#watches) if (!watch.paused) this.#subscribe(watch);
  }

  #subscribe(watch: Watch): void {
    const wireId = `w${++this.#nextWireId}`;
    watch.wireId = wireId;
    this.#byWireId.set(wireId, watch);
    this.#send({ op: "subscribe", sub: wireId, ...watch.position.request() } as ClientMessage);
  }

  #received(text: string): void {
    this.#heard = true;
    this.#failures = 0;
    const message = parseServerMessage(text);
    if (message === undefined || !("sub" in message) || message.sub === undefined) return;
    const watch = this.#byWireId.get(message.sub);
    if (watch === undefined) return;
    switch (message.type) {
      case "event":
      case "delta":
      case "live": {
        watch.refusals = 0;
        const item = watch.position.accept(message);
        if (item === undefined) return;
        watch.subscription.push(item);
        this.#queued(watch);
        return;
      }
      case "error":
        this.#refused(watch, message);
        return;
      default:
        return;
    }
  }

  /** The server refused the subscription or dropped it; either way it is no longer registered. */
  #refused(watch: Watch, error: Extract<ServerMessage, { type: "error" }>): void {
    if (watch.wireId !== undefined) this.#byWireId.delete(watch.wireId);
    watch.wireId = undefined;
    if (!TRANSIENT_CODES.has(error.code)) {
      this.#finish(watch, new DagoSubscriptionError(error.code, error.message));
      if (this.#watches.size === 0) this.#disconnect();
      return;
    }
    watch.refusals += 1;
    const socket = this.#socket;
    watch.retryTimer = setTimeout(
      () => {
        const idle = watch.wireId === undefined && !watch.paused;
        if (this.#watches.has(watch) && this.#socket === socket && this.#open && idle) {
          this.#subscribe(watch);
        }
      },
      reconnectDelay(watch.refusals, Math.random(), this.#backoff),
    );
  }

  /** The connection is gone (or never came): come back later, or end the watches when that is pointless. */
  #dropped(refusal?: UpgradeRefusal): void {
    this.#disconnect();
    if (this.#watches.size === 0 || this.#closed) return;
    if (refusal !== undefined && !TRANSIENT_STATUSES.has(refusal.status)) {
      const error = toApiError(refusal.status, parseJson(refusal.body), refusal.body, `GET ${this.url}`);
      for (const watch of [...this.#watches]) this.#finish(watch, error);
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.#maxConnectFailures) {
      const error = new DagoConnectionError(
        this.url,
        `cannot keep a WebSocket open to ${this.url} (${this.#failures} failed connection${this.#failures === 1 ? "" : "s"} in a row)`,
      );
      for (const watch of [...this.#watches]) this.#finish(watch, error);
      return;
    }
    this.#reconnectTimer = setTimeout(
      () => this.#connect(),
      reconnectDelay(this.#failures, Math.random(), this.#backoff),
    );
  }

  /** Closes the current connection, if any; the watches stay and subscribe again on the next one. */
  #disconnect(): void {
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#heartbeatTimer);
    clearTimeout(this.#reconnectTimer);
    this.#connectTimer = this.#heartbeatTimer = this.#reconnectTimer = undefined;
    this.#socket?.close();
    this.#socket = undefined;
    this.#open = false;
    this.#byWireId.clear();
    for (const watch of this.#watches) {
      watch.wireId = undefined;
      clearTimeout(watch.retryTimer);
    }
  }

  #heartbeat(socket: LiveSocket): void {
    const check = () => {
      if (this.#socket !== socket) return;
      if (!this.#heard) {
        // Nothing came back for a whole period, not even a pong: the connection is dead without having closed.
        socket.drop();
        this.#dropped();
        return;
      }
      this.#heard = false;
      this.#send({ op: "ping" });
      this.#heartbeatTimer = setTimeout(check, this.#heartbeatMs);
    };
    this.#heartbeatTimer = setTimeout(check, this.#heartbeatMs);
  }

  #send(message: ClientMessage): void {
    this.#socket?.send(JSON.stringify(message));
  }
}

/** The WebSocket address of an HTTP base URL: same host and port, ws for http and wss for https. */
function liveUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, ""));
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  const scheme = url.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, "")}${WS_PATH}`;
}

function positive(name: string, value: number): number {
  if (Number.isNaN(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number, got ${value}`);
  return value;
}
