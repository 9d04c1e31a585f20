// The live-event gateway of one API process: accepts WebSocket upgrades on /api/v1/ws and serves each
// subscription from the process's watch core, formatting what it yields as messages. It keeps no state that Redis
// does not have, so any process serves any client.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { openGate, type RequestGate } from "../../auth/index.js";
import { CLOSE_GOING_AWAY, WS_PATH } from "../../contract/ws-protocol.js";
import { type DagoError, isDagoError } from "../../errors/index.js";
import type { Logger } from "../../observability/index.js";
import type { WatchCore } from "../../service/watch/index.js";
import { authorizeConnection, type ConnectionAuth, chooseSubprotocol } from "./connection-auth.js";
import { WsClient } from "./ws-client.js";
import type { WsContext, WsGatewayOptions, WsMetrics } from "./ws-context.js";

export interface WsGatewayParts {
  /** The process's watch core; the gateway neither starts nor stops it. */
  watches: WatchCore;
  options: WsGatewayOptions;
  logger: Logger;
  metrics?: WsMetrics;
  /** Authentication, tenant access and rate limits. Default: open and unlimited. */
  gate?: RequestGate;
}

/** How long a closing handshake may take at shutdown before the socket is cut. */
const SHUTDOWN_CLOSE_MS = 2000;

export class WsGateway {
  private readonly server: WebSocketServer;
  private readonly clients = new Set<WsClient>();
  private readonly ctx: WsContext;
  private readonly logger: Logger;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(parts: WsGatewayParts) {
    const { watches, options, metrics, gate = openGate() } = parts;
    this.logger = parts.logger;
    this.ctx = { options, watches, gate, ...(metrics ? { metrics } : {}) };
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes,
      clientTracking: false,
      perMessageDeflate: false,
      // Answers `dago`, never the offered `dago.bearer.<key>` entry (ws would echo the first offered one).
      handleProtocols: chooseSubprotocol,
    });
  }

  start(): void {
    this.heartbeat = setInterval(() => this.beat(), this.ctx.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Open connections, and the most bytes waiting to go out to any one of them (bounded by the send budget). */
  stats(): { connections: number; maxWaitingBytes: number } {
    let maxWaitingBytes = 0;
    for (const client of this.clients) maxWaitingBytes = Math.max(maxWaitingBytes, client.waitingBytes);
    return { connections: this.clients.size, maxWaitingBytes };
  }

  /** For the HTTP server's 'upgrade' event: only WS_PATH upgrades, anything else is answered 404. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? "").split("?")[0];
    if (path !== WS_PATH) {
      refuse(socket, 404, "Not Found");
      return;
    }
    if (this.stopping) {
      refuse(socket, 503, "Service Unavailable");
      return;
    }
    let auth: ConnectionAuth;
    try {
      auth = authorizeConnection(this.ctx.gate, request);
    } catch (err) {
      if (!isDagoError(err)) throw err;
      refuse(socket, err.httpStatus, "Unauthorized", err);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, auth, socket));
  }

  /** Closes every connection with 1001 (going away). */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const closed = [...this.clients].map((client) => client.closed);
    for (const client of this.clients) client.close(CLOSE_GOING_AWAY, "server shutting down");
    const timer = setTimeout(() => {
      for (const client of this.clients) client.terminate();
    }, SHUTDOWN_CLOSE_MS);
    await Promise.all(closed);
    clearTimeout(timer);
  }

  private accept(ws: WebSocket, auth: ConnectionAuth, socket: Duplex): void {
    if (this.stopping) {
      ws.close(CLOSE_GOING_AWAY, "server shutting down");
      return;
    }
    const client = new WsClient(ws, auth, this.ctx, this.logger, socket);
    this.clients.add(client);
    this.ctx.metrics?.wsConnections.inc();
    ws.on("error", (err) => this.logger.debug("WebSocket error", { err }));
    ws.once("close", () => {
      this.clients.delete(client);
      client.dispose();
      this.ctx.metrics?.wsConnections.dec();
    });
  }

  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.terminate();
        continue;
      }
      client.alive = false;
      client.ping();
    }
  }
}

/** Answers the upgrade request with a plain HTTP error; a DagoError becomes the API's usual JSON body. */
function refuse(socket: Duplex, status: number, text: string, error?: DagoError): void {
  const body = error ? JSON.stringify(error.toJSON()) : "";
  const headers = [
    `HTTP/1.1 ${status} ${text}`,
    "Connection: close",
    ...(error ? ["Content-Type: application/json"] : []),
    ...(error?.code === "unauthenticated" ? ['WWW-Authenticate: Bearer realm="dago"'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  socket.once("finish", () => socket.destroy());
  socket.end(`${headers.join("\r\n")}\r\n\r\n${body}`);
}
