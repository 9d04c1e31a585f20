// One WebSocket connection: parses and answers its messages in order, owns its subscriptions, and enforces its
// send budget. Everything waiting to go out to this client (the socket's buffer plus what its subscriptions
// hold during a replay) is counted; going over the budget closes the connection with 4008 instead of letting
// memory grow.
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import { CLOSE_SLOW_CLIENT } from "../../contract/ws-protocol.js";
import {
  deltaMessage,
  errorMessage,
  eventMessage,
  liveMessage,
  PONG_MESSAGE,
  type SentKind,
  subscribedMessage,
  unsubscribedMessage,
} from "../../contract/ws-server-message-text.js";
import { isDagoError } from "../../errors/index.js";
import type { Logger } from "../../observability/index.js";
import { type OperationName, roleOf } from "../../service/index.js";
import { type OpenSink, type Watch, WatchError, type WatchItem } from "../../service/watch/index.js";
import type { ConnectionAuth } from "./connection-auth.js";
import { parseClientMessage } from "./parse-client-message.js";
import { type GraphsSubscribeRequest, type TenantSubscribeRequest, WsRequestError } from "./protocol.js";
import type { WsContext } from "./ws-context.js";

/** Messages read but not yet handled; past this the socket stops reading until the client's queue drains. */
const MAX_PENDING_MESSAGES = 32;
const ROOM_POLL_MS = 10;

export class WsClient {
  /** Cleared by every ping round; a client that has not answered the previous ping is dead. */
  alive = true;
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;
  private closing = false;
  private heldBytes = 0;
  private pending = 0;
  private queue: Promise<void> = Promise.resolve();
  /** sub → the watch serving it. */
  private readonly subscriptions = new Map<string, Watch>();
  private corked = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly auth: ConnectionAuth,
    private readonly ctx: WsContext,
    private readonly logger: Logger,
    /** The connection's socket, for batching writes; without it every message is written on its own. */
    private readonly socket?: Duplex,
  ) {
    this.closed = new Promise((resolve) => ws.once("close", () => resolve()));
    ws.on("message", (data, isBinary) => this.onFrame(data, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
  }

  get isClosing(): boolean {
    return this.closing || this.ws.readyState !== this.ws.OPEN;
  }

  send(text: string, kind: SentKind, liveSinceMs?: number): boolean {
    if (this.isClosing) return false;
    const size = Buffer.byteLength(text);
    const waiting = this.ws.bufferedAmount + this.heldBytes;
    // One message always fits into an empty buffer, however large it is.
    if (waiting > 0 && waiting + size > this.ctx.options.maxBufferedBytes) {
      this.closeSlow();
      return false;
    }
    this.corkUntilNextTick();
    this.ws.send(text);
    this.ctx.metrics?.wsMessagesSent.inc({ type: kind });
    if (liveSinceMs !== undefined) {
      this.ctx.metrics?.wsDeliveryLag.observe(Math.max(0, Date.now() - liveSinceMs) / 1000);
    }
    return true;
  }

  /**
   * Holds this tick's messages in the socket's buffer and writes them together: the events of one read of the
   * log reach a client in one system call instead of one per message, which is what fan-out to many clients
   * spends its time on. Buffered bytes still count as waiting (bufferedAmount), so the send budget is unchanged.
   */
  private corkUntilNextTick(): void {
    const socket = this.socket;
    if (this.corked || socket === undefined) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  private hold(bytes: number): boolean {
    this.heldBytes += bytes;
    if (this.isClosing) return false;
    if (this.ws.bufferedAmount + this.heldBytes > this.ctx.options.maxBufferedBytes) {
      this.closeSlow();
      return false;
    }
    return true;
  }

  private release(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  private async waitForRoom(): Promise<boolean> {
    const room = this.ctx.options.maxBufferedBytes / 2;
    while (!this.isClosing && this.ws.bufferedAmount + this.heldBytes > room) {
      await new Promise((resolve) => setTimeout(resolve, ROOM_POLL_MS));
    }
    return !this.isClosing;
  }

  /** The sink of one subscription: its items become this connection's messages, its budget is the connection's. */
  private sinkFor(sub: string): OpenSink {
    const client = this;
    return {
      deliver: (item) => this.deliver(sub, item),
      hold: (bytes) => this.hold(bytes),
      release: (bytes) => this.release(bytes),
      waitForRoom: () => this.waitForRoom(),
      catchUpInBackground: (watch) => {
        if (this.subscriptions.get(sub) === watch) this.runReplay(sub, watch);
      },
      get gone() {
        return client.isClosing;
      },
      opened: (watch) => this.start(sub, watch),
    };
  }

  private deliver(sub: string, item: WatchItem): boolean {
    switch (item.kind) {
      case "event":
        return this.send(eventMessage(sub, item.json, item.cursor), "event", item.liveSinceMs);
      case "delta":
        return this.send(deltaMessage(sub, item.json), "delta");
      case "live":
        return this.send(liveMessage(sub, item.cursor), "live");
    }
  }

  /** Bytes waiting to go out to this client. */
  get waitingBytes(): number {
    return this.ws.bufferedAmount + this.heldBytes;
  }

  close(code: number, reason: string): void {
    this.closing = true;
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  /** Called once when the socket is gone: drops every subscription. */
  dispose(): void {
    this.closing = true;
    for (const subscription of this.subscriptions.values()) this.drop(subscription);
    this.subscriptions.clear();
  }

  private closeSlow(): void {
    if (this.closing) return;
    this.ctx.metrics?.wsSlowClientCloses.inc();
    this.logger.info("closing a slow WebSocket client", { waitingBytes: this.waitingBytes });
    this.close(CLOSE_SLOW_CLIENT, "slow client: reconnect and resubscribe with after");
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.isClosing) return;
    if (isBinary) {
      this.sendError(new WsRequestError("binary_frame", "only text frames are accepted: send JSON as text"));
      return;
    }
    const text = rawText(data);
    this.pending++;
    if (this.pending >= MAX_PENDING_MESSAGES) this.ws.pause();
    this.queue = this.queue
      .then(() => this.handle(text))
      .catch((err: unknown) => this.fail(err, undefined))
      .finally(() => {
        this.pending--;
        if (this.pending < MAX_PENDING_MESSAGES && !this.isClosing) this.ws.resume();
      });
  }

  private async handle(text: string): Promise<void> {
    if (this.isClosing) return;
    const request = parseClientMessage(text, {
      maxGraphs: this.ctx.options.maxGraphs,
      partitions: this.ctx.options.partitions,
    });
    switch (request.op) {
      case "ping":
        this.send(PONG_MESSAGE, "pong");
        return;
      case "unsubscribe": {
        const subscription = this.subscriptions.get(request.sub);
        if (!subscription) {
          throw new WsRequestError(
            "unknown_sub",
            `no open subscription ${JSON.stringify(request.sub)}`,
            request.sub,
          );
        }
        this.subscriptions.delete(request.sub);
        this.drop(subscription);
        this.send(unsubscribedMessage(request.sub), "unsubscribed");
        return;
      }
      case "subscribe":
        if (this.subscriptions.has(request.sub)) {
          throw new WsRequestError(
            "duplicate_sub",
            `subscription ${JSON.stringify(request.sub)} is already open; unsubscribe first or pick another id`,
            request.sub,
          );
        }
        if (this.subscriptions.size >= this.ctx.options.maxSubscriptions) {
          throw new WsRequestError(
            "too_many_subscriptions",
            `a connection may hold at most ${this.ctx.options.maxSubscriptions} subscriptions`,
            request.sub,
          );
        }
        try {
          if (request.scope === "graphs") await this.subscribeGraphs(request);
          else await this.subscribeTenant(request);
        } catch (err) {
          this.fail(err, request.sub);
        }
        return;
    }
  }

  /**
   * The tenant a subscription reads, through the same gate as HTTP: a tenant the key may not reach is reported
   * like a missing one (graph scope: graph_not_found), so nothing tells which tenants or graphs exist.
   */
  private async tenantOf(
    operation: OperationName,
    request: { sub: string; tenant?: string },
    notFound: () => WsRequestError,
  ): Promise<string> {
    try {
      return await this.ctx.gate.admit(this.auth.caller, request.tenant, roleOf(operation));
    } catch (err) {
      if (!isDagoError(err)) throw err;
      if (err.code === "not_found") throw notFound();
      if (err.code === "rate_limited") throw new WsRequestError("rate_limited", err.message, request.sub);
      throw err;
    }
  }

  private async subscribeGraphs(request: GraphsSubscribeRequest): Promise<void> {
    const tenantId = await this.tenantOf(
      "subscribeGraphs",
      request,
      () => new WsRequestError("graph_not_found", `graph ${request.graphs[0]} not found`, request.sub),
    );
    await this.ctx.watches.watchGraphs(
      { tenantId, graphs: request.graphs, types: request.types, after: request.after },
      this.sinkFor(request.sub),
    );
  }

  private async subscribeTenant(request: TenantSubscribeRequest): Promise<void> {
    const tenantId = await this.tenantOf(
      "subscribeTenant",
      request,
      () =>
        new WsRequestError(
          "tenant_not_found",
          `tenant ${JSON.stringify(request.tenant)} not found`,
          request.sub,
        ),
    );
    await this.ctx.watches.watchTenant(
      { tenantId, types: request.types, after: request.after },
      this.sinkFor(request.sub),
    );
  }

  /** Tells the client the subscription exists, then replays (or turns live at once). */
  private start(sub: string, watch: Watch): void {
    this.subscriptions.set(sub, watch);
    this.ctx.metrics?.wsSubscriptions.inc();
    this.send(subscribedMessage(sub), "subscribed");
    if (watch.state === "live") watch.goLive();
    else this.runReplay(sub, watch);
  }

  /**
   * Replays (then turns live) in the background, so the client's other messages (ping, unsubscribe) are answered
   * meanwhile. A failure drops the subscription and tells the client.
   */
  private runReplay(sub: string, watch: Watch): void {
    watch.catchUp().catch((err: unknown) => {
      if (watch.state === "closed") return;
      if (this.subscriptions.get(sub) === watch) this.subscriptions.delete(sub);
      this.drop(watch);
      this.fail(err, sub);
    });
  }

  private drop(watch: Watch): void {
    if (watch.state === "closed") return;
    watch.close();
    this.ctx.metrics?.wsSubscriptions.dec();
  }

  private fail(err: unknown, sub: string | undefined): void {
    if (err instanceof WsRequestError) {
      this.sendError(err);
      return;
    }
    if (err instanceof WatchError) {
      this.sendError(new WsRequestError(err.code, err.message, sub));
      return;
    }
    this.logger.warn("WebSocket request failed", { err, sub });
    this.sendError(new WsRequestError("internal", "the server could not serve this request; try again", sub));
  }

  private sendError(err: WsRequestError): void {
    this.send(errorMessage(err.code, err.message, err.sub), "error");
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(new Uint8Array(data)).toString("utf8");
}
