// The provider gate shared by every worker through Redis: the circuit breaker (opens after N consecutive
// failures, defers nodes without spending their retry budget, half-opens to probe, closes on success, shows in
// /ready and /metrics), the concurrency limit across processes, the per-minute limit and self-freeing slots.
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { ProviderGate } from "../../internal/store/llm/provider-gate.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import {
  type LlmStack,
  oneNodeGraph,
  sample,
  startAnthropicStack,
  startLlmStack,
  TEST_API_KEY,
} from "./llm-stack.js";

const stacks: LlmStack[] = [];
const fakes: FakeAnthropicServer[] = [];

afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
  for (const fake of fakes.splice(0)) await fake.close();
});

async function setup(env: Record<string, string>): Promise<{ fake: FakeAnthropicServer; stack: LlmStack }> {
  const started = await startAnthropicStack(env);
  stacks.push(started.stack);
  return started;
}

interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; state?: string; message?: string }>;
}

async function ready(base: string): Promise<ReadyReport> {
  const res = await fetch(`${base}/ready`);
  return (await res.json()) as ReadyReport;
}

describe("circuit breaker", () => {
  it("opens after consecutive failures, makes nodes wait without spending retries, probes and closes", async () => {
    const { fake, stack } = await setup({ LLM_BREAKER_FAILURES: "2", LLM_BREAKER_COOLDOWN_MS: "1500" });
    expect((await ready(stack.base)).checks["llm:anthropic"]).toMatchObject({ ok: true, state: "closed" });
    fake.enqueue(
      { kind: "error", status: 500, type: "api_error", message: "down" },
      { kind: "error", status: 503, type: "api_error", message: "still down" },
    );
    // Two attempts are all the policy allows: only the breaker's free waits let the node see the provider again.
    const id = await stack.submit(oneNodeGraph("breaker", 3));
    await fake.waitForRequests(2);
    const open = await waitForReady(stack.base, (r) => r.checks["llm:anthropic"]?.state === "open");
    expect(open.ready).toBe(true);
    expect(open.checks["llm:anthropic"]?.message).toMatch(/open after 2 consecutive failures/);
    expect(sample(await stack.metricsText(), "dago_llm_breaker_state", { provider: "anthropic" })).toBe(2);

    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    // Two failures, at least one free deferral, then the probe that succeeded; nothing hammered the provider.
    expect(fake.requests).toHaveLength(3);
    expect(state.nodes.a?.failures).toBe(2);
    const retrying = (await stack.events(id)).filter((e: GraphEvent) => e.type === "NodeRetrying");
    const deferred = retrying.filter((e) => e.data.deferred === true);
    expect(deferred.length).toBeGreaterThanOrEqual(1);
    expect(deferred[0]?.data).toMatchObject({
      error: { code: "llm_circuit_open", retryable: true },
      failures: 2,
    });
    expect(deferred[0]?.data.delayMs as number).toBeGreaterThan(0);

    const closed = await ready(stack.base);
    expect(closed.checks["llm:anthropic"]).toMatchObject({ ok: true, state: "closed" });
    const metrics = await stack.metricsText();
    expect(sample(metrics, "dago_llm_breaker_state", { provider: "anthropic" })).toBe(0);
    expect(
      sample(metrics, "dago_llm_deferrals_total", { provider: "anthropic", reason: "breaker_open" }),
    ).toBeGreaterThanOrEqual(1);
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("reopens when the half-open probe fails", async () => {
    const { fake, stack } = await setup({ LLM_BREAKER_FAILURES: "1", LLM_BREAKER_COOLDOWN_MS: "300" });
    fake.enqueue(
      { kind: "error", status: 500, message: "down" },
      { kind: "error", status: 500, message: "probe fails" },
      { kind: "answer", text: "up again" },
    );
    const id = await stack.submit(oneNodeGraph("reopen", 5));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a?.output).toBe("up again");
    expect(fake.requests).toHaveLength(3);
    // The probe's failure reopened the breaker, so a full cooldown separates it from the next call.
    expect(fake.requests[2]!.at - fake.requests[1]!.at).toBeGreaterThanOrEqual(250);
  });
});

describe("timeouts", () => {
  it("cuts a stream that stays silent for LLM_TIMEOUT_MS and retries it", async () => {
    const { fake, stack } = await setup({ LLM_TIMEOUT_MS: "1000" });
    fake.enqueue(
      { kind: "answer", text: "too slow", chunks: 2, chunkDelayMs: 1600 },
      { kind: "answer", text: "in time" },
    );
    const id = await stack.submit(oneNodeGraph("silent", 2));
    const state = await stack.waitForEnd(id);
    expect(state.nodes.a).toMatchObject({ status: "succeeded", output: "in time", attempt: 2 });
    const retry = (await stack.events(id)).find((e) => e.type === "NodeRetrying");
    expect(retry?.data.error).toMatchObject({ code: "llm_timeout", retryable: true });
    expect(fake.requests[0]?.aborted).toBe(true);
  });
});

describe("shared limits", () => {
  it("keeps two worker processes together under the concurrency limit", async () => {
    const fake = await new FakeAnthropicServer().start();
    fakes.push(fake);
    fake.fallback = () => ({ kind: "answer", text: "slow answer", chunks: 3, chunkDelayMs: 60 });
    const keyPrefix = uniquePrefix();
    const env = {
      LLM_API_KEY: TEST_API_KEY,
      LLM_BASE_URL: fake.url,
      DAGO_KEY_PREFIX: keyPrefix,
      LLM_MAX_CONCURRENCY: "anthropic=2",
    };
    const one = await startLlmStack(env);
    stacks.push(one);
    stacks.push(await startLlmStack(env));
    const nodes = Array.from({ length: 8 }, (_, i) => ({ id: `n${i}`, type: "llm", prompt: `part ${i}` }));
    const id = await one.submit({ name: "fan-out", nodes });
    const state = await one.waitForEnd(id, 30_000);
    expect(state.status).toBe("succeeded");
    expect(fake.requests).toHaveLength(8);
    expect(fake.maxInFlight).toBe(2);
  });

  describe("gate", () => {
    const redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
    afterAll(() => redis.disconnect());
    const limits = (over: Parameters<typeof gateWith>[1], leaseMarginMs?: number) =>
      gateWith(redis, over, leaseMarginMs);

    it("counts calls per rolling minute and defers the one over the limit until a slot leaves the window", async () => {
      const gate = limits({ requestsPerMinute: 2 });
      const attempt = { signal: new AbortController().signal, timeoutMs: 200 };
      await gate.release(await gate.admit("anthropic", attempt), "up");
      await gate.release(await gate.admit("anthropic", attempt), "up");
      const err = await gate.admit("anthropic", attempt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeExecutionError);
      expect(err).toMatchObject({ code: "llm_provider_busy", retryable: true, defer: true });
      // Both calls are under a second old: the next slot opens in about a minute.
      expect((err as NodeExecutionError).retryAfterMs).toBeGreaterThan(55_000);
      // Another provider has its own window.
      await gate.release(await gate.admit("openai-compatible", attempt), "up");
    });

    it("frees the slot of a call whose worker died once its lease runs out", async () => {
      const gate = limits({ maxConcurrency: 1 }, 0);
      const attempt = { signal: new AbortController().signal, timeoutMs: 300 };
      await gate.admit("anthropic", attempt); // never released: its worker "died"
      const busy = await gate.admit("anthropic", { ...attempt, timeoutMs: 100 }).catch((e: unknown) => e);
      expect(busy).toMatchObject({ code: "llm_provider_busy" });
      // The lease is the attempt's timeout: after it, the slot is free again.
      const deadline = Date.now() + 5000;
      let admitted = false;
      while (!admitted && Date.now() < deadline) {
        admitted = await gate.admit("anthropic", { ...attempt, timeoutMs: 100 }).then(
          () => true,
          () => false,
        );
      }
      expect(admitted).toBe(true);
    });
  });
});

function gateWith(
  redis: Redis,
  over: Partial<{ maxConcurrency: number; requestsPerMinute: number }>,
  leaseMarginMs?: number,
): ProviderGate {
  const limits = {
    breakerFailures: 0,
    breakerCooldownMs: 1000,
    maxConcurrency: 0,
    requestsPerMinute: 0,
    ...over,
  };
  return new ProviderGate(redis, uniquePrefix(), () => limits, {}, leaseMarginMs);
}

async function waitForReady(base: string, predicate: (r: ReadyReport) => boolean): Promise<ReadyReport> {
  const deadline = Date.now() + 10_000;
  let last: ReadyReport | undefined;
  while (Date.now() < deadline) {
    last = await ready(base);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`readiness never matched: ${JSON.stringify(last)}`);
}
