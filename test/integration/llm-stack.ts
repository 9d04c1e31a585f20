// A whole dago (HTTP API and in-process workers, through startDago and a configuration read from an environment
// map like `dago serve` reads its own) pointed at a fake LLM API, for the llm-*.test.ts files.
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import { startDago } from "../../internal/app/start-dago.js";
import { loadConfig } from "../../internal/config/index.js";
import { decodeOutputDelta, type OutputDelta } from "../../internal/contract/output-delta.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import { foldEvents } from "../../internal/domain/fold.js";
import { type GraphState, TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { createLogger } from "../../internal/observability/index.js";
import { outputDeltaChannel } from "../../internal/store/keys.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

export const TEST_API_KEY = "sk-ant-test-0123456789-secret";

export interface LlmStack {
  dago: RunningDago;
  base: string;
  keyPrefix: string;
  redis: Redis;
  /** Every log line the process wrote (debug level and up). */
  logs: string[];
  submit(spec: unknown): Promise<string>;
  graph(id: string): Promise<GraphState>;
  waitFor(id: string, predicate: (state: GraphState) => boolean, timeoutMs?: number): Promise<GraphState>;
  waitForEnd(id: string, timeoutMs?: number): Promise<GraphState>;
  events(id: string): Promise<GraphEvent[]>;
  /** The stored projection and the fold of the stored history, as plain JSON, read at one version. */
  foldAndProjection(id: string): Promise<{ folded: GraphState; stored: GraphState }>;
  /** Collects the output deltas published on the deltas channel from now on. */
  collectDeltas(): Promise<{ deltas: OutputDelta[]; stop(): Promise<void> }>;
  metricsText(): Promise<string>;
  close(): Promise<void>;
}

/** `also` is closed with the stack (a fake provider it calls, say). */
export async function startLlmStack(
  env: Record<string, string>,
  also: Array<{ close(): Promise<void> }> = [],
): Promise<LlmStack> {
  const keyPrefix = uniquePrefix();
  const port = testRedisPort();
  const logs: string[] = [];
  const config = loadConfig(
    {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      DAGO_KEY_PREFIX: keyPrefix,
      DAGO_HTTP_HOST: "127.0.0.1",
      DAGO_HTTP_PORT: "0",
      DAGO_GRPC_PORT: "0",
      DAGO_PARTITIONS: "2",
      DAGO_TIMER_INTERVAL_MS: "25",
      DAGO_LEASE_MS: "5000",
      WORKER_POOL_SIZE: "4",
      DAGO_SHUTDOWN_GRACE_MS: "1000",
      ...env,
    },
    { isTty: false },
  );
  const logger = createLogger({
    level: "debug",
    format: "json",
    stream: {
      write: (line: string) => {
        logs.push(line);
        return true;
      },
    },
  });
  const dago = await startDago(config, { http: true, workers: true, logger });
  const base = `http://127.0.0.1:${dago.httpPort}`;
  const redis = new Redis({ port, host: "127.0.0.1" });
  const subscribers: Redis[] = [];

  const stack: LlmStack = {
    dago,
    base,
    keyPrefix,
    redis,
    logs,
    async submit(spec) {
      const res = await fetch(`${base}/api/v1/graphs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spec),
      });
      const body = (await res.json()) as { id?: string; error?: unknown };
      if (res.status !== 201 || !body.id)
        throw new Error(`submit failed: ${res.status} ${JSON.stringify(body)}`);
      return body.id;
    },
    async graph(id) {
      const res = await fetch(`${base}/api/v1/graphs/${id}`);
      if (res.status !== 200) throw new Error(`GET graph: ${res.status}`);
      return (await res.json()) as GraphState;
    },
    async waitFor(id, predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: GraphState | undefined;
      while (Date.now() < deadline) {
        last = await stack.graph(id);
        if (predicate(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`graph ${id} did not reach the expected state: ${JSON.stringify(last, null, 1)}`);
    },
    waitForEnd(id, timeoutMs) {
      return stack.waitFor(id, (s) => TERMINAL_GRAPH_STATUSES.has(s.status), timeoutMs);
    },
    async events(id) {
      const res = await fetch(`${base}/api/v1/graphs/${id}/events?limit=1000`);
      return ((await res.json()) as { events: GraphEvent[] }).events;
    },
    async foldAndProjection(id) {
      const stored = (await dago.engine.getState(id)) as GraphState;
      const events = (await dago.engine.readEvents(id, stored.tenantId, undefined, 100_000)).slice(
        0,
        stored.version,
      );
      const folded = foldEvents(events) as GraphState;
      return { folded: JSON.parse(JSON.stringify(folded)), stored: JSON.parse(JSON.stringify(stored)) };
    },
    async collectDeltas() {
      const sub = new Redis({ port, host: "127.0.0.1" });
      subscribers.push(sub);
      const deltas: OutputDelta[] = [];
      sub.on("message", (_channel: string, message: string) => {
        const delta = decodeOutputDelta(message);
        if (delta) deltas.push(delta);
      });
      await sub.subscribe(outputDeltaChannel(keyPrefix));
      return {
        deltas,
        async stop() {
          await sub.unsubscribe().catch(() => undefined);
          sub.disconnect();
        },
      };
    },
    async metricsText() {
      const res = await fetch(`${base}/metrics`);
      return res.text();
    },
    async close() {
      for (const sub of subscribers) sub.disconnect();
      await dago.stop(1000);
      redis.disconnect();
      for (const other of also) await other.close();
    },
  };
  return stack;
}

/**
 * A fake Anthropic Messages API on loopback and a stack whose llm nodes call it through the real SDK; `env` adds to
 * (or overrides) that wiring. Closing the stack closes the fake too.
 */
export async function startAnthropicStack(
  env: Record<string, string> = {},
): Promise<{ fake: FakeAnthropicServer; stack: LlmStack }> {
  const fake = await new FakeAnthropicServer().start();
  try {
    const wiring = { LLM_PROVIDER: "anthropic", LLM_API_KEY: TEST_API_KEY, LLM_BASE_URL: fake.url };
    return { fake, stack: await startLlmStack({ ...wiring, ...env }, [fake]) };
  } catch (err) {
    await fake.close();
    throw err;
  }
}

/** For the enclosing suite: startAnthropicStack before its tests, closed after them. Read it inside tests. */
export function anthropicStackForSuite(env: Record<string, string> = {}): {
  fake: FakeAnthropicServer;
  stack: LlmStack;
} {
  const started = {} as { fake: FakeAnthropicServer; stack: LlmStack };
  beforeAll(async () => {
    Object.assign(started, await startAnthropicStack(env));
  });
  afterAll(async () => {
    await started.stack?.close();
  });
  return started;
}

/** Retries 10 ms apart, so a test waits only for what the provider asks. */
export function fastRetry(maxAttempts: number) {
  return { maxAttempts, backoffMs: 10, maxBackoffMs: 10 };
}

/** A graph of one llm node, `a`, prompted "hi" and retried fast up to `maxAttempts` times. */
export function oneNodeGraph(name: string, maxAttempts: number) {
  return { name, nodes: [{ id: "a", type: "llm", prompt: "hi", retry: fastRetry(maxAttempts) }] };
}

/** The value of one Prometheus sample, e.g. sample(text, "dago_llm_tokens_total", {kind: "input"}). */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{([^}]*)\})? (.+)$/.exec(line);
    if (!match) continue;
    const have = new Map<string, string>();
    for (const pair of (match[1] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) have.set(pair[1]!, pair[2]!);
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(match[2]);
  }
  return undefined;
}
