// Shared by the ws-*.test.ts files: real dago API processes (startDago) on loopback with their own key prefix,
// started and stopped around a test file (useApis), and a WebSocket test client that records every message it
// receives and waits for conditions.
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import WebSocket from "ws";
import { type RunningDago, startDago } from "../../internal/app/start-dago.js";
import { loadConfig } from "../../internal/config/index.js";
import { encodeOutputDelta, type OutputDelta } from "../../internal/contract/output-delta.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import { createLogger } from "../../internal/observability/index.js";
import { outputDeltaChannel } from "../../internal/store/keys.js";
import type { Executor } from "../../internal/worker/executor.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

export interface ApiOptions {
  /** A fresh one by default. */
  prefix?: string;
  workers?: boolean;
  executors?: Executor[];
  env?: Record<string, string>;
}

export interface Api {
  dago: RunningDago;
  http: string;
  ws: string;
}

export async function startApi(options: ApiOptions): Promise<Api> {
  const config = loadConfig(
    {
      REDIS_ADDR: `127.0.0.1:${testRedisPort()}`,
      DAGO_KEY_PREFIX: options.prefix ?? uniquePrefix(),
      DAGO_HTTP_HOST: "127.0.0.1",
      DAGO_HTTP_PORT: "0",
      DAGO_GRPC_PORT: "0",
      DAGO_PARTITIONS: "4",
      DAGO_TIMER_INTERVAL_MS: "50",
      DAGO_LEASE_MS: "5000",
      WORKER_POOL_SIZE: "8",
      DAGO_SHUTDOWN_GRACE_MS: "0",
      LOG_LEVEL: "error",
      ...options.env,
    },
    { isTty: false },
  );
  const logger = createLogger({ level: "error", format: "json", stream: { write: () => true } });
  const dago = await startDago(config, {
    http: true,
    workers: options.workers ?? true,
    executors: options.executors ?? [],
    logger,
  });
  const port = dago.httpPort as number;
  return { dago, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/api/v1/ws` };
}

export interface ApiFile<T extends readonly unknown[]> {
  /** The key prefix every process of the file shares. */
  prefix: string;
  /** One per options object, in that order; filled in before the file's first test. */
  apis: { [K in keyof T]: Api };
  /** Connects a client to `api` (the first process by default); it is cut off after the file's tests. */
  client(api?: Api, options?: WebSocket.ClientOptions): Promise<TestClient>;
  /** Publishes output deltas on the file's prefix, as workers do. */
  publishDeltas(...deltas: OutputDelta[]): Promise<void>;
}

/**
 * Starts API processes on one fresh key prefix before a test file's tests and stops them (and the clients the file
 * opened with `client`) after them.
 */
export function useApis<const T extends Array<Omit<ApiOptions, "prefix">>>(...processes: T): ApiFile<T> {
  const prefix = uniquePrefix();
  // Placeholders, so a file can destructure them at the top; beforeAll fills them in.
  const apis = processes.map(() => ({}) as Api);
  const clients: TestClient[] = [];
  let redis: Redis | undefined;
  beforeAll(async () => {
    for (const [i, options] of processes.entries()) {
      Object.assign(apis[i] as Api, await startApi({ prefix, ...options }));
    }
  });
  afterAll(async () => {
    for (const c of clients) c.socket.terminate();
    for (const api of apis as Array<Partial<Api>>) await api.dago?.stop(0);
    redis?.disconnect();
  });
  return {
    prefix,
    apis: apis as unknown as { [K in keyof T]: Api },
    async client(api = apis[0] as Api, options = {}) {
      const c = await TestClient.connect(api.ws, options);
      clients.push(c);
      return c;
    },
    async publishDeltas(...deltas) {
      redis ??= new Redis({ port: testRedisPort(), host: "127.0.0.1" });
      const pipeline = redis.pipeline();
      for (const delta of deltas) pipeline.publish(outputDeltaChannel(prefix), encodeOutputDelta(delta));
      await pipeline.exec();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: messages are arbitrary JSON, checked by each test
export type Message = Record<string, any>;

export class TestClient {
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.once("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    socket.on("error", () => undefined);
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      socket.once("open", () => resolve(new TestClient(socket)));
      socket.once("error", reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (from index `from` on) that matches; fails after `timeoutMs`. */
  async next(match: (m: Message) => boolean, from = 0, timeoutMs = 15_000): Promise<Message> {
    let found: Message | undefined;
    await this.until(() => {
      found = this.messages.slice(from).find(match);
      return found !== undefined;
    }, timeoutMs);
    return found as Message;
  }

  async until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`condition not met within ${timeoutMs} ms; last messages: ${this.tail()}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** The events received for one subscription, in order. */
  events(sub: string): GraphEvent[] {
    return this.messages.filter((m) => m.type === "event" && m.sub === sub).map((m) => m.event as GraphEvent);
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private tail(): string {
    return JSON.stringify(this.messages.slice(-5)).slice(0, 2000);
  }
}

export async function submit(api: Api, spec: unknown, tenant?: string): Promise<string> {
  const url = tenant ? `${api.http}/api/v1/tenants/${tenant}/workflows` : `${api.http}/api/v1/graphs`;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The whole stored history of a graph, through the HTTP events API. */
export async function history(api: Api, graphId: string, tenant?: string): Promise<GraphEvent[]> {
  const base = tenant
    ? `${api.http}/api/v1/tenants/${tenant}/workflows/${graphId}/events`
    : `${api.http}/api/v1/graphs/${graphId}/events`;
  const events: GraphEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await fetch(`${base}?limit=1000${after ? `&after=${after}` : ""}`);
    const page = (await res.json()) as { events: GraphEvent[]; nextAfter?: string };
    events.push(...page.events);
    if (!page.nextAfter) return events;
    after = page.nextAfter;
  }
}

export async function waitForStatus(api: Api, graphId: string, statuses: string[], tenant?: string) {
  const url = tenant
    ? `${api.http}/api/v1/tenants/${tenant}/workflows/${graphId}`
    : `${api.http}/api/v1/graphs/${graphId}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const view = (await (await fetch(url)).json()) as { status: string };
    if (statuses.includes(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`graph ${graphId} still ${view.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const TERMINAL = ["succeeded", "failed", "cancelled"];
