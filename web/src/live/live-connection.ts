// One WebSocket to /api/v1/ws shared by every view, reconnecting by itself. A subscriber never trusts what it
// held before a drop: after every (re)connection it is asked to `prepare` again (re-fetch its state over HTTP)
// and the stream resumes after the event that state ends with, so nothing is missed or shown stale.

import type { OutputDelta } from "../../../internal/contract/output-delta.js";
import { parseServerMessage } from "../../../internal/contract/parse-server-message.js";
import type { ClientMessage, SubscriptionRequest } from "../../../internal/contract/ws-client-messages.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { DEFAULT_BACKOFF, reconnectDelay } from "../../../pkg/client/backoff.js";

/** idle: nothing subscribed yet, so no connection is needed. */
export type ConnectionStatus = "idle" | "connecting" | "live" | "reconnecting";

export interface SubscriptionHandlers {
  /**
   * Brings the subscriber up to date over HTTP and says where its stream must resume. Called when it subscribes
   * and after every reconnection; undefined means "do not subscribe" (say, the graph is gone). A rejection (the
   * API is unreachable too) is tried again after a back-off as long as the connection is up.
   */
  prepare(): Promise<SubscriptionRequest | undefined>;
  onEvent(event: GraphEvent, cursor?: string): void;
  onDelta?(delta: OutputDelta): void;
  /** The replay is over: what follows is live. */
  onLive?(): void;
  onError?(code: string, message: string): void;
}

export interface LiveSubscription {
  close(): void;
  /** Prepares again and resubscribes, for a subscriber that found its state inconsistent or failed to load. */
  resync(): void;
}

/** The part of the browser's WebSocket this class uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveConnectionOptions {
  createSocket?: (url: string, protocols?: string[]) => SocketLike;
  /** The subprotocols to offer, asked at every connection (they carry the API key, which may change). */
  protocols?: () => string[] | undefined;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
  random?: () => number;
  /** How often the connection is checked: a ping goes out, and a connection silent for a whole period is dropped. */
  heartbeatMs?: number;
}

const OPEN = 1;

type Prepared = { request: SubscriptionRequest | undefined } | { failed: true };

interface Subscription {
  handlers: SubscriptionHandlers;
  /** A prepare started while no connection could use it yet; consumed by the next open connection. */
  prepared?: Promise<Prepared>;
  /** Prepares that failed in a row on the current connection. */
  failures: number;
  wireId?: string;
  closed: boolean;
}

export class LiveConnection {
  private socket: SocketLike | undefined;
  private readonly subs = new Set<Subscription>();
  private readonly byWireId = new Map<string, Subscription>();
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private status: ConnectionStatus = "idle";
  private failures = 0;
  private nextWireId = 0;
  private reconnectTimer: unknown;
  private heartbeatTimer: unknown;
  private heardSinceCheck = false;
  private readonly createSocket: (url: string, protocols?: string[]) => SocketLike;
  private readonly protocols: () => string[] | undefined;
  private readonly schedule: (fn: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly url: string,
    options: LiveConnectionOptions = {},
  ) {
    this.createSocket =
      options.createSocket ??
      ((u, protocols) =>
        (protocols ? new WebSocket(u, protocols) : new WebSocket(u)) as unknown as SocketLike);
    this.protocols = options.protocols ?? (() => undefined);
    this.schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
    this.cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.random = options.random ?? Math.random;
    this.heartbeatMs = options.heartbeatMs ?? 20_000;
  }

  get currentStatus(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(handlers: SubscriptionHandlers): LiveSubscription {
    const sub: Subscription = { handlers, closed: false, failures: 0, prepared: safePrepare(handlers) };
    this.subs.add(sub);
    if (this.socket?.readyState === OPEN) this.send(sub, this.socket);
    else this.connectSoon();
    return {
      close: () => this.unsubscribe(sub),
      resync: () => {
        if (sub.closed) return;
        this.dropWire(sub);
        sub.prepared = safePrepare(handlers);
        if (this.socket?.readyState === OPEN) this.send(sub, this.socket);
      },
    };
  }

  /**
   * Drops the current connection, if any, and opens a new one at once rather than after the back-off: what it
   * must offer (the API key) changed. Subscribers prepare again, as after any reconnection.
   */
  reconnect(): void {
    if (this.reconnectTimer !== undefined) this.cancel(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.detach();
    socket?.close();
    this.failures = 0;
    if (this.subs.size === 0) {
      this.setStatus("idle");
      return;
    }
    if (socket) this.setStatus("reconnecting");
    this.connect();
  }

  private unsubscribe(sub: Subscription): void {
    if (sub.closed) return;
    sub.closed = true;
    this.subs.delete(sub);
    this.dropWire(sub);
  }

  private dropWire(sub: Subscription): void {
    if (sub.wireId === undefined) return;
    this.byWireId.delete(sub.wireId);
    if (this.socket?.readyState === OPEN)
      this.socket.send(JSON.stringify({ op: "unsubscribe", sub: sub.wireId } satisfies ClientMessage));
    sub.wireId = undefined;
  }

  private connectSoon(): void {
    if (this.socket || this.reconnectTimer !== undefined) return;
    this.connect();
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.subs.size === 0) return;
    if (this.status === "idle") this.setStatus("connecting");
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.url, this.protocols());
    } catch {
      this.dropped();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.setStatus("live");
      this.heardSinceCheck = true;
      this.startHeartbeat(socket);
      for (const sub of this.subs) this.send(sub, socket);
    };
    socket.onmessage = (event) => {
      this.heardSinceCheck = true;
      this.failures = 0;
      if (typeof event.data === "string") this.receive(event.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnection is handled there.
    };
    socket.onclose = () => {
      if (this.socket === socket) this.dropped();
    };
  }

  private send(sub: Subscription, socket: SocketLike): void {
    const prepared = sub.prepared ?? safePrepare(sub.handlers);
    sub.prepared = undefined;
    void prepared.then((outcome) => {
      // The connection went away while the subscriber was preparing: the next one prepares again.
      if (sub.closed || this.socket !== socket || socket.readyState !== OPEN) return;
      if ("failed" in outcome) {
        sub.failures += 1;
        this.schedule(
          () => {
            if (!sub.closed && sub.wireId === undefined && this.socket === socket) this.send(sub, socket);
          },
          reconnectDelay(sub.failures, this.random(), DEFAULT_BACKOFF),
        );
        return;
      }
      sub.failures = 0;
      if (!outcome.request) return;
      this.dropWire(sub);
      const wireId = `s${++this.nextWireId}`;
      sub.wireId = wireId;
      this.byWireId.set(wireId, sub);
      socket.send(
        JSON.stringify({ op: "subscribe", sub: wireId, ...outcome.request } satisfies ClientMessage),
      );
    });
  }

  private receive(text: string): void {
    const message = parseServerMessage(text);
    if (!message || !("sub" in message) || message.sub === undefined) return;
    const sub = this.byWireId.get(message.sub);
    if (!sub) return;
    switch (message.type) {
      case "event":
        sub.handlers.onEvent(message.event, message.cursor);
        break;
      case "delta":
        sub.handlers.onDelta?.(message.delta);
        break;
      case "live":
        sub.handlers.onLive?.();
        break;
      case "error":
        sub.handlers.onError?.(message.code, message.message);
        break;
      default:
        break;
    }
  }

  private dropped(): void {
    this.detach();
    if (this.subs.size === 0) {
      this.setStatus("idle");
      return;
    }
    this.setStatus("reconnecting");
    this.failures += 1;
    this.reconnectTimer = this.schedule(
      () => this.connect(),
      reconnectDelay(this.failures, this.random(), DEFAULT_BACKOFF),
    );
  }

  /** Forgets the current socket and every subscription on it; returns the socket, silenced. */
  private detach(): SocketLike | undefined {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
    }
    this.stopHeartbeat();
    for (const sub of this.subs) {
      sub.wireId = undefined;
      sub.failures = 0;
    }
    this.byWireId.clear();
    return socket;
  }

  private startHeartbeat(socket: SocketLike): void {
    this.stopHeartbeat();
    const check = () => {
      if (this.socket !== socket) return;
      if (!this.heardSinceCheck) {
        // Nothing came back for a whole period, not even a pong: the connection is dead without having closed.
        socket.close();
        this.dropped();
        return;
      }
      this.heardSinceCheck = false;
      socket.send(JSON.stringify({ op: "ping" } satisfies ClientMessage));
      this.heartbeatTimer = this.schedule(check, this.heartbeatMs);
    };
    this.heartbeatTimer = this.schedule(check, this.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) this.cancel(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

function safePrepare(handlers: SubscriptionHandlers): Promise<Prepared> {
  return handlers.prepare().then(
    (request) => ({ request }),
    () => ({ failed: true as const }),
  );
}
