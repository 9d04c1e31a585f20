// Budgets that fail closed, over the whole path: dago with the real Anthropic SDK talking to the fake Messages
// API, plus a second worker process (`dago worker`) racing for the same budgets. Each call's worst case is
// reserved before the call and settled after it; the fake server counts the calls that were really made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeError } from "../../internal/domain/events.js";
import type { GraphState } from "../../internal/domain/state.js";
import { worstCaseInputTokens, worstCaseOf } from "../../internal/executors/budget-estimate.js";
import { PriceTable } from "../../internal/executors/price-table.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import type { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { waitUntil } from "../helpers/wait-until.js";
import { type LlmStack, sample, startAnthropicStack, TEST_API_KEY } from "./llm-stack.js";

const MODEL = "claude-haiku-4-5";
const MAX_TOKENS = 100;
/** The worst case of a node prompted "hi": what one call reserves. */
const WORST = worstCaseInputTokens({ model: MODEL, prompt: "hi", maxTokens: MAX_TOKENS }) + MAX_TOKENS;
/** What the fake reports for each call: 60 tokens, far below the worst case. */
const USAGE = { input: 10, output: 50 };
const USED = USAGE.input + USAGE.output;

function llmNode(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    type: "llm",
    model: MODEL,
    prompt: "hi",
    maxTokens: MAX_TOKENS,
    retry: { maxAttempts: 1 },
    ...extra,
  };
}

function chain(name: string, count: number, budget: Record<string, unknown>) {
  const nodes = Array.from({ length: count }, (_, i) =>
    llmNode(`n${i}`, i === 0 ? {} : { dependsOn: [`n${i - 1}`], continueOnFailure: true }),
  );
  return { name, budget, nodes };
}

function errorOf(state: GraphState, nodeId: string): NodeError | undefined {
  return (state.nodes[nodeId] as { error?: NodeError } | undefined)?.error;
}

/** Tokens of every attempt of the graph, as the nodes recorded them. */
function usedTokens(state: GraphState): number {
  const u = state.usage;
  return u ? u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens : 0;
}

function secondWorker(stack: LlmStack, fake: FakeAnthropicServer, env: Record<string, string>): DagoProcess {
  return spawnDago(["worker"], {
    DAGO_KEY_PREFIX: stack.keyPrefix,
    DAGO_PARTITIONS: "2",
    LLM_PROVIDER: "anthropic",
    LLM_API_KEY: TEST_API_KEY,
    LLM_BASE_URL: fake.url,
    WORKER_POOL_SIZE: "8",
    DAGO_HTTP_PORT: "0",
    ...env,
  });
}

async function stopProcess(proc: DagoProcess | undefined): Promise<void> {
  if (!proc) return;
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGTERM");
  await proc.exited;
}

describe("a graph budget", () => {
  let fake: FakeAnthropicServer;
  let stack: LlmStack;
  let worker: DagoProcess | undefined;

  beforeAll(async () => {
    ({ fake, stack } = await startAnthropicStack({ LLM_BREAKER_FAILURES: "0" }));
    fake.fallback = () => ({ kind: "answer", text: "ok", usage: USAGE });
  });

  afterAll(async () => {
    await stopProcess(worker);
    await stack?.close();
  });

  it("is accepted by validation and refused when malformed", async () => {
    const res = await fetch(`${stack.base}/api/v1/graphs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "bad", budget: { maxCostUsd: -1, extra: 1 }, nodes: [llmNode("a")] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ code: string; path: string }> } };
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "bad_field", path: "/budget/maxCostUsd" }),
        expect.objectContaining({ code: "unknown_field", path: "/budget/extra" }),
      ]),
    );
  });

  it("stops the next call exactly at the limit, and settling frees what a shorter answer left", async () => {
    fake.requests.length = 0;
    // Three calls fit: the third reserves the last WORST tokens after two settled at USED each. Were a settled
    // call's reservation kept at its worst case, only one would.
    const limit = 2 * USED + WORST;
    const id = await stack.submit(chain("budget-chain", 5, { maxTokens: limit }));
    const state = await stack.waitForEnd(id);
    expect(fake.requests).toHaveLength(3);
    for (const n of ["n0", "n1", "n2"]) expect(state.nodes[n]?.status).toBe("succeeded");
    expect(state.nodes.n3?.status).toBe("failed");
    expect(errorOf(state, "n3")).toMatchObject({
      code: "budget_exceeded",
      retryable: false,
      details: { budget: "graph", measure: "tokens", limit, spent: 3 * USED, reserved: 0, needed: WORST },
    });
    expect(errorOf(state, "n3")?.message).toContain("the graph's budget");
    expect(usedTokens(state)).toBe(3 * USED);
    const view = (await (await fetch(`${stack.base}/api/v1/graphs/${id}`)).json()) as Record<string, unknown>;
    expect(view.budget).toEqual({
      maxTokens: limit,
      spentCostUsd: expect.any(Number),
      spentTokens: 3 * USED,
      reservedCostUsd: 0,
      reservedTokens: 0,
    });
    const metrics = (await (await fetch(`${stack.base}/api/v1/graphs/${id}/metrics`)).json()) as {
      budget?: { spentTokens: number; maxTokens: number };
    };
    expect(metrics.budget).toMatchObject({ spentTokens: 3 * USED, maxTokens: limit });
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("with onBudgetExceeded approval waits for a person to raise the budget, then makes the call", async () => {
    fake.requests.length = 0;
    const limit = USED + WORST;
    const nodes = Array.from({ length: 3 }, (_, i) =>
      llmNode(`n${i}`, {
        onBudgetExceeded: "approval",
        ...(i === 0 ? {} : { dependsOn: [`n${i - 1}`] }),
      }),
    );
    const id = await stack.submit({ name: "budget-raise", budget: { maxTokens: limit }, nodes });
    const post = (path: string, body: unknown) =>
      fetch(`${stack.base}/api/v1/graphs/${id}/nodes/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    // n0 and n1 fit; n2 does not and waits, holding no call.
    const waiting = await waitUntil("n2 waits for a raise", async () => {
      const s = (await (await fetch(`${stack.base}/api/v1/graphs/${id}`)).json()) as GraphState;
      return s.nodes.n2?.status === "waiting" ? s : undefined;
    });
    expect(fake.requests).toHaveLength(2);
    expect(waiting.nodes.n2?.prompt).toContain("the graph's budget");
    const list = (await (await fetch(`${stack.base}/api/v1/approvals`)).json()) as {
      approvals: Array<{ graphId: string; schema?: unknown }>;
    };
    expect(list.approvals.find((a) => a.graphId === id)?.schema).toMatchObject({ type: "object" });
    // The data must be a raise.
    expect((await post("n2/approve", { data: { maxTokens: "lots" } })).status).toBe(400);
    expect((await post("n2/approve", { data: {} })).status).toBe(400);
    expect(
      (await post("n2/approve", { data: { maxTokens: limit + WORST }, comment: "one more" })).status,
    ).toBe(200);
    const end = await stack.waitForEnd(id);
    expect(end.status).toBe("succeeded");
    expect(fake.requests).toHaveLength(3);
    const view = (await (await fetch(`${stack.base}/api/v1/graphs/${id}`)).json()) as {
      budget?: { maxTokens?: number };
    };
    expect(view.budget?.maxTokens).toBe(limit + WORST);
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("with onBudgetExceeded approval fails with budget_exceeded when the raise is rejected", async () => {
    fake.requests.length = 0;
    const id = await stack.submit({
      name: "budget-raise-no",
      budget: { maxTokens: WORST - 1 },
      nodes: [llmNode("a", { onBudgetExceeded: "approval" })],
    });
    await waitUntil("a waits for a raise", async () => {
      const s = (await (await fetch(`${stack.base}/api/v1/graphs/${id}`)).json()) as GraphState;
      return s.nodes.a?.status === "waiting";
    });
    const res = await fetch(`${stack.base}/api/v1/graphs/${id}/nodes/a/reject`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ comment: "too dear" }),
    });
    expect(res.status).toBe(200);
    const end = await stack.waitForEnd(id);
    expect(end.status).toBe("failed");
    expect(errorOf(end, "a")).toMatchObject({ code: "budget_exceeded", retryable: false });
    expect(errorOf(end, "a")?.message).toContain("too dear");
    expect(fake.requests).toHaveLength(0);
  });

  it("stops at a cost limit too", async () => {
    fake.requests.length = 0;
    const price = new PriceTable().priceOf(MODEL);
    const worst = worstCaseOf({ model: MODEL, prompt: "hi", maxTokens: MAX_TOKENS }, price).costNanos;
    // The first call takes all of the limit as its worst case; once it settled, its real cost leaves too little.
    const limit = worst / 1e9;
    const id = await stack.submit(chain("budget-cost", 2, { maxCostUsd: limit }));
    const state = await stack.waitForEnd(id);
    expect(fake.requests).toHaveLength(1);
    expect(state.nodes.n0?.status).toBe("succeeded");
    expect(errorOf(state, "n1")).toMatchObject({
      code: "budget_exceeded",
      details: { budget: "graph", measure: "costUsd", limit, spent: state.costUsd, needed: limit },
    });
  });

  it("refuses a cost budget on a model without a price, before any call", async () => {
    fake.requests.length = 0;
    const id = await stack.submit({
      name: "budget-unpriced",
      budget: { maxCostUsd: 1 },
      nodes: [llmNode("a", { model: "mystery-model-7" })],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(errorOf(state, "a")).toMatchObject({ code: "budget_price_unknown", retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it("holds for 20 parallel nodes on two worker processes: no call starts unless its worst case fits", async () => {
    worker = secondWorker(stack, fake, {});
    await waitUntil("the second worker to register", async () => {
      return (await stack.redis.zcard(`${stack.keyPrefix}:workers`)) >= 2;
    });
    fake.requests.length = 0;
    fake.maxInFlight = 0;
    // Slow answers, so that calls overlap and compete for the budget.
    fake.fallback = () => ({ kind: "answer", text: "ok", chunks: 3, chunkDelayMs: 40, usage: USAGE });
    const limit = 3 * WORST;
    const nodes = Array.from({ length: 20 }, (_, i) => llmNode(`p${i}`, { continueOnFailure: true }));
    const id = await stack.submit({ name: "budget-parallel", budget: { maxTokens: limit }, nodes });
    const state = await stack.waitForEnd(id, 30_000);
    const succeeded = Object.keys(state.nodes).filter((n) => state.nodes[n]?.status === "succeeded");
    const failed = Object.keys(state.nodes).filter((n) => state.nodes[n]?.status === "failed");
    expect(succeeded.length + failed.length).toBe(20);
    expect(failed.length).toBeGreaterThan(0);
    for (const n of failed) expect(errorOf(state, n)?.code).toBe("budget_exceeded");
    // Every call made was accounted, their sum stays within the budget, and never more calls ran at once than
    // the budget held worst cases for.
    expect(fake.requests).toHaveLength(succeeded.length);
    expect(usedTokens(state)).toBe(succeeded.length * USED);
    expect(usedTokens(state)).toBeLessThanOrEqual(limit);
    expect(fake.maxInFlight).toBeLessThanOrEqual(3);
    const workers = new Set(
      (await stack.events(id)).filter((e) => e.type === "NodeStarted").map((e) => e.data.worker),
    );
    expect(workers.size).toBe(2);
    // `dago check` knows the budget's keys: every graph of the suite is whole, no key is a stray.
    await expectGraphsWhole(stack.redis, stack.keyPrefix);
  });
});

describe("a tenant budget", () => {
  let fake: FakeAnthropicServer;
  let stack: LlmStack;
  let worker: DagoProcess | undefined;
  const limit = 4 * WORST;
  const env = { DAGO_TENANT_BUDGET_TOKENS: String(limit), DAGO_TENANT_BUDGET_PERIOD: "day" };

  beforeAll(async () => {
    ({ fake, stack } = await startAnthropicStack({ LLM_BREAKER_FAILURES: "0", ...env }));
    fake.fallback = () => ({ kind: "answer", text: "ok", chunks: 3, chunkDelayMs: 40, usage: USAGE });
    worker = secondWorker(stack, fake, env);
    await waitUntil("the second worker to register", async () => {
      return (await stack.redis.zcard(`${stack.keyPrefix}:workers`)) >= 2;
    });
  });

  afterAll(async () => {
    await stopProcess(worker);
    await stack?.close();
  });

  it("holds across two graphs and two worker processes", async () => {
    const graph = (name: string) => ({
      name,
      nodes: Array.from({ length: 10 }, (_, i) => llmNode(`t${i}`, { continueOnFailure: true })),
    });
    const ids = await Promise.all([stack.submit(graph("tenant-a")), stack.submit(graph("tenant-b"))]);
    const states = await Promise.all(ids.map((id) => stack.waitForEnd(id, 30_000)));
    let calls = 0;
    let used = 0;
    for (const state of states) {
      for (const [nodeId, node] of Object.entries(state.nodes)) {
        if (node.status === "succeeded") calls += 1;
        else {
          expect(node.status).toBe("failed");
          expect(errorOf(state, nodeId)).toMatchObject({
            code: "budget_exceeded",
            details: { budget: "tenant", measure: "tokens", limit },
          });
        }
      }
      used += usedTokens(state);
    }
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(20);
    expect(fake.requests).toHaveLength(calls);
    expect(used).toBe(calls * USED);
    expect(used).toBeLessThanOrEqual(limit);
    expect(fake.maxInFlight).toBeLessThanOrEqual(4);
    const text = await stack.metricsText();
    expect(sample(text, "dago_tenant_budget_limit", { tenant: "default", measure: "tokens" })).toBe(limit);
    expect(sample(text, "dago_tenant_budget_spent", { tenant: "default", measure: "tokens" })).toBe(used);
  });
});
