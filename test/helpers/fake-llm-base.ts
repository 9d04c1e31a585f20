// The common part of the fake LLM APIs (fake-anthropic-server.ts, fake-openai-server.ts): a real HTTP server on
// loopback that answers each request with the next scripted reply, records what it received, and notices
// clients that hang up mid-answer. The fakes speak each provider's real wire format, so the real SDKs talk to
// them unchanged; fault-injection tests script 429s, 5xx, overloads, slow streams, resets and garbage.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type FakeReply =
  /** A normal answer: `text`, or `json` (a structured answer: a tool call for Anthropic, JSON text otherwise). */
  | {
      kind: "answer";
      text?: string;
      json?: unknown;
      /** Pieces the answer streams in (default 3). */
      chunks?: number;
      /** Pause before each piece: a slow answer. */
      chunkDelayMs?: number;
      usage?: Partial<FakeUsage>;
      model?: string;
      stopReason?: string;
      /** Streamed answers: the connection is cut after this many pieces, in the middle of the answer. */
      dropAfter?: number;
    }
  /** An HTTP error answer, with the provider's error body; `retryAfter` sets the Retry-After header. */
  | { kind: "error"; status: number; type?: string; message?: string; retryAfter?: string }
  /** The stream starts, then an error event arrives (e.g. overloaded_error). */
  | { kind: "stream_error"; type: string; message?: string }
  /** The stream starts, then a data line that is not JSON. */
  | { kind: "invalid_json" }
  /** The connection is dropped without an answer. */
  | { kind: "reset" }
  /** The request is accepted and never answered. */
  | { kind: "hang" };

export type FakeAnswer = Extract<FakeReply, { kind: "answer" }>;

/** A 429 answer; `retryAfter` is its Retry-After header (seconds, or an HTTP date). */
export function rateLimited(reply: { retryAfter: string; type?: string; message?: string }): FakeReply {
  return { kind: "error", status: 429, ...reply };
}

/** The request an answer is for, and where it goes. */
export interface FakeCall {
  body: Record<string, unknown>;
  res: ServerResponse;
  /** The request asked for a stream ("stream": true). */
  stream: boolean;
  /** False once the client has hung up. */
  alive: () => boolean;
}

export interface RecordedRequest {
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
  /** True when the client hung up before the answer ended (a cancel, a timeout). */
  aborted: boolean;
  reply: FakeReply["kind"];
}

export abstract class FakeLlmServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeReply[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<import("node:net").Socket>();
  private waiters: Array<() => void> = [];
  private serial = 0;
  /** Answers every request once the scripted queue is empty. */
  fallback: (body: Record<string, unknown>) => FakeReply = () => ({ kind: "answer" });
  /** Requests being answered now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** When set, requests without this key are answered 401. */
  requiredKey: string | undefined;
  url = "";

  constructor(private readonly path: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Scripts the next replies, one per request, in order. */
  enqueue(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Resolves once `count` requests have arrived in total. */
  async waitForRequests(count: number, timeoutMs = 20_000): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.requests.slice(0, count);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected abstract authorized(req: IncomingMessage): boolean;
  protected abstract errorBody(status: number, type: string, message: string): unknown;
  protected abstract answer(reply: FakeAnswer, call: FakeCall): Promise<void>;
  /** Opens a stream as a real answer would: SSE headers and the first event. */
  protected abstract streamStart(body: Record<string, unknown>, res: ServerResponse): void;
  /** Ends a stream that has started with the provider's error event. */
  protected abstract streamError(type: string, message: string | undefined, res: ServerResponse): void;
  /** An SSE message whose data is not JSON, framed as this provider frames its events. */
  protected abstract garbage(): string;

  /** 1, 2, 3...: each fake makes its ids from it. */
  protected nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  protected sseHeaders(res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
  }

  /** A whole (not streamed) answer: JSON, after the scripted pause. */
  protected async sendJson(
    res: ServerResponse,
    reply: FakeAnswer,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<void> {
    await sleep(reply.chunkDelayMs ?? 0);
    res.writeHead(200, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  /**
   * Streams the answer's text in the scripted pieces and pauses, each framed by `frame`. False when the client
   * hung up first, or the answer was scripted to drop (`dropAfter`): the answer then stops there.
   */
  protected async writePieces(
    res: ServerResponse,
    reply: FakeAnswer,
    text: string,
    alive: () => boolean,
    frame: (piece: string) => string,
  ): Promise<boolean> {
    let sent = 0;
    for (const piece of pieces(text, reply.chunks ?? 3)) {
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (!alive()) return false;
      if (sent === reply.dropAfter) {
        res.socket?.destroy();
        return false;
      }
      res.write(frame(piece));
      sent += 1;
    }
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw || "{}");
    } catch {
      // recorded as an empty body
    }
    const url = new URL(req.url ?? "/", "http://fake");
    let reply: FakeReply =
      req.method !== "POST" || url.pathname !== this.path
        ? {
            kind: "error",
            status: 404,
            type: "not_found_error",
            message: `no route ${req.method} ${url.pathname}`,
          }
        : this.requiredKey !== undefined && !this.authorized(req)
          ? { kind: "error", status: 401, type: "authentication_error", message: "invalid x-api-key" }
          : (this.queue.shift() ?? this.fallback(body));
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? "",
      path: url.pathname,
      headers: req.headers,
      body,
      aborted: false,
      reply: reply.kind,
    };
    this.requests.push(record);
    for (const wake of this.waiters.splice(0)) wake();
    let ended = false;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once("finish", () => {
      ended = true;
    });
    res.once("close", () => {
      this.inFlight -= 1;
      if (!ended) record.aborted = true;
    });
    const alive = () => !record.aborted && !res.destroyed;
    const stream = body.stream === true;
    if (reply.kind === "invalid_json" && !stream) reply = { kind: "answer" };

    switch (reply.kind) {
      case "answer":
        await this.answer(reply, { body, res, stream, alive });
        return;
      case "error": {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
        res.writeHead(reply.status, headers);
        res.end(
          JSON.stringify(
            this.errorBody(reply.status, reply.type ?? "api_error", reply.message ?? "fake error"),
          ),
        );
        return;
      }
      case "stream_error":
        this.streamStart(body, res);
        this.streamError(reply.type, reply.message, res);
        return;
      case "invalid_json":
        this.streamStart(body, res);
        res.end(this.garbage());
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "hang":
        return;
    }
  }
}

/** Splits text into `count` pieces (the last may be shorter). */
function pieces(text: string, count: number): string[] {
  if (text === "") return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** About four characters a token, as the mock model counts. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
