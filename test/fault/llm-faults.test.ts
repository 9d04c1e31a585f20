// LLM provider faults through whole graphs: dago (HTTP API, engine, in-process workers, the real Anthropic SDK)
// against a fake Messages API that answers each node by its prompt. test/integration/llm-*.test.ts cover how one
// node classifies and retries each fault; this file covers what the graph does: downstream nodes wait for the
// retried answer and see only it, a budget spent on faults fails the graph with the provider's code and cancels
// or skips what depended on it, a 429 storm on a fan-out is waited out, hung calls are cut at the node's timeout,
// dropped streams never leak their partial answer, an outage opens the shared breaker so a whole fan-out waits
// without spending its budget, and tokens are counted for every attempt that got a complete answer.
import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphState } from "../../internal/domain/state.js";
import { checkGraphs } from "../../internal/store/check/index.js";
import type { FakeAnthropicServer, FakeReply } from "../helpers/fake-anthropic-server.js";
import { rateLimited } from "../helpers/fake-llm-base.js";
import { anthropicStackForSuite, fastRetry, type LlmStack } from "../integration/llm-stack.js";

const SERVER_ERROR: FakeReply = {
  kind: "error",
  status: 500,
  type: "api_error",
  message: "internal failure",
};

function promptOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  const content = messages[messages.length - 1]?.content;
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

/** Answers each request by its prompt: the next reply scripted for that prompt, then `otherwise`. */
function scriptByPrompt(
  fake: FakeAnthropicServer,
  script: Record<string, FakeReply[]>,
  otherwise: (prompt: string) => FakeReply = () => ({ kind: "answer" }),
): void {
  const queues = new Map(Object.entries(script).map(([prompt, replies]) => [prompt, [...replies]]));
  fake.fallback = (body) => {
    const prompt = promptOf(body);
    return queues.get(prompt)?.shift() ?? otherwise(prompt);
  };
}

function requestsFor(fake: FakeAnthropicServer, prompt: string) {
  return fake.requests.filter((r) => promptOf(r.body) === prompt);
}

function ofNode(events: GraphEvent[], nodeId: string, type?: GraphEvent["type"]): GraphEvent[] {
  return events.filter((e) => e.nodeId === nodeId && (type === undefined || e.type === type));
}

function codeOf(event: GraphEvent | undefined): string | undefined {
  return (event?.data.error as { code?: string } | undefined)?.code;
}

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

async function waitUntil(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Projection = fold(events), and the checker finds nothing wrong with the graph's history. */
async function expectSound(stack: LlmStack, id: string): Promise<void> {
  const { folded, stored } = await stack.foldAndProjection(id);
  expect(folded).toEqual(stored);
  const report = await checkGraphs(stack.redis, {
    keyPrefix: stack.keyPrefix,
    graphId: id,
    requireTerminal: true,
  });
  expect(report.violations).toEqual([]);
}

describe("provider faults in a graph (breaker off)", () => {
  const llm = anthropicStackForSuite({ LLM_BREAKER_FAILURES: "0" });

  it("500s within the budget: the chain waits for the retried answer and runs every node once", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(llm.fake, {
      "chain-draft": [{ kind: "answer", text: "draft", usage: { input: 10, output: 2 } }],
      "chain-review": [
        SERVER_ERROR,
        { kind: "error", status: 502, message: "bad gateway" },
        { kind: "error", status: 503, message: "unavailable" },
        { kind: "answer", text: "reviewed", usage: { input: 20, output: 3 } },
      ],
      "final: reviewed": [{ kind: "answer", text: "published", usage: { input: 30, output: 4 } }],
    });
    const id = await llm.stack.submit({
      name: "chain-through-500s",
      nodes: [
        { id: "draft", type: "llm", prompt: "chain-draft" },
        { id: "review", type: "llm", prompt: "chain-review", dependsOn: ["draft"], retry: fastRetry(4) },
        { id: "publish", type: "llm", prompt: "final: {{nodes.review.output}}", dependsOn: ["review"] },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.review).toMatchObject({
      status: "succeeded",
      attempt: 4,
      failures: 3,
      output: "reviewed",
    });
    expect(state.nodes.publish).toMatchObject({ status: "succeeded", attempt: 1, output: "published" });
    // The downstream node ran once, on the final answer: no partial or failed attempt leaked into its prompt.
    expect(requestsFor(llm.fake, "final: reviewed")).toHaveLength(1);
    expect(llm.fake.requests).toHaveLength(6);
    const events = await llm.stack.events(id);
    expect(ofNode(events, "review", "NodeRetrying").map(codeOf)).toEqual([
      "llm_http_500",
      "llm_http_502",
      "llm_http_503",
    ]);
    for (const node of ["draft", "review", "publish"])
      expect(ofNode(events, node, "NodeCompleted")).toHaveLength(1);
    // Error answers carry no tokens: the graph's usage is that of the three answers.
    expect(state.usage).toEqual(usage(60, 9));
    await expectSound(llm.stack, id);
  });

  it("500s beyond the budget: the graph fails with the provider's code, open work is cancelled", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(
      llm.fake,
      {
        "down-first": [{ kind: "answer", text: "ok", usage: { input: 7, output: 1 } }],
        // Still streaming when the graph fails: its call must be cut.
        "down-side": [{ kind: "answer", text: "s".repeat(40), chunks: 40, chunkDelayMs: 250 }],
      },
      (prompt) => (prompt === "down-broken" ? SERVER_ERROR : { kind: "answer" }),
    );
    const id = await llm.stack.submit({
      name: "budget-spent-on-500s",
      nodes: [
        { id: "first", type: "llm", prompt: "down-first" },
        { id: "side", type: "llm", prompt: "down-side" },
        { id: "broken", type: "llm", prompt: "down-broken", dependsOn: ["first"], retry: fastRetry(3) },
        { id: "after", type: "llm", prompt: "down-after", dependsOn: ["broken"] },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "node_failed", nodeId: "broken" });
    expect(state.error?.message).toContain("HTTP 500");
    expect(state.nodes.broken).toMatchObject({ status: "failed", attempt: 3, failures: 3 });
    expect(state.nodes.broken?.error).toMatchObject({ code: "llm_http_500", retryable: true });
    expect(state.nodes.first?.status).toBe("succeeded");
    expect(state.nodes.side?.status).toBe("cancelled");
    expect(state.nodes.after?.status).toBe("cancelled");
    expect(requestsFor(llm.fake, "down-broken")).toHaveLength(3);
    expect(requestsFor(llm.fake, "down-after")).toHaveLength(0);
    await waitUntil(
      "the cancelled node's call is cut",
      () => requestsFor(llm.fake, "down-side")[0]?.aborted === true,
    );
    // Only the answered node's tokens: the failed calls got none, the cut one never completed.
    expect(state.usage).toEqual(usage(7, 1));
    await expectSound(llm.stack, id);
  });

  it("500s beyond the budget of a continueOnFailure node: dependents skipped, the graph succeeds", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(llm.fake, {}, (prompt) =>
      prompt === "optional-broken" ? SERVER_ERROR : { kind: "answer" },
    );
    const id = await llm.stack.submit({
      name: "optional-node-down",
      nodes: [
        {
          id: "optional",
          type: "llm",
          prompt: "optional-broken",
          continueOnFailure: true,
          retry: fastRetry(2),
        },
        { id: "uses", type: "llm", prompt: "optional-uses", dependsOn: ["optional"] },
        { id: "main", type: "llm", prompt: "optional-main" },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.optional).toMatchObject({ status: "failed", failures: 2 });
    expect(state.nodes.optional?.error?.code).toBe("llm_http_500");
    expect(state.nodes.uses).toMatchObject({ status: "skipped", skipReason: "upstream_failed" });
    expect(state.nodes.main?.status).toBe("succeeded");
    const completed = (await llm.stack.events(id)).find((e) => e.type === "GraphCompleted");
    expect(completed?.data).toEqual({ failedNodes: 1 });
    await expectSound(llm.stack, id);
  });

  it("a 429 storm on a fan-out: every node waits out retry-after, the join runs once", async () => {
    llm.fake.requests.length = 0;
    const storm = () => rateLimited({ retryAfter: "1", type: "rate_limit_error", message: "slow down" });
    const parts = Array.from({ length: 5 }, (_, i) => `storm-part-${i}`);
    scriptByPrompt(llm.fake, Object.fromEntries(parts.map((p) => [p, [storm(), storm()]])), (prompt) => ({
      kind: "answer",
      text: `answer to ${prompt}`,
      usage: { input: 5, output: 5 },
    }));
    const id = await llm.stack.submit({
      name: "429-storm",
      nodes: [
        ...parts.map((p, i) => ({ id: `part${i}`, type: "llm", prompt: p, retry: fastRetry(3) })),
        { id: "join", type: "noop", dependsOn: parts.map((_, i) => `part${i}`) },
      ],
    });
    const state = await llm.stack.waitForEnd(id, 30_000);
    expect(state.status).toBe("succeeded");
    const events = await llm.stack.events(id);
    for (const [i, prompt] of parts.entries()) {
      expect(state.nodes[`part${i}`]).toMatchObject({ status: "succeeded", attempt: 3, failures: 2 });
      const retries = ofNode(events, `part${i}`, "NodeRetrying");
      expect(retries.map(codeOf)).toEqual(["llm_http_429", "llm_http_429"]);
      for (const retry of retries) {
        expect(retry.data.retryAfterMs).toBe(1000);
        expect(retry.data.delayMs as number).toBeGreaterThanOrEqual(1000);
      }
      expect(requestsFor(llm.fake, prompt)).toHaveLength(3);
    }
    expect(ofNode(events, "join", "NodeStarted")).toHaveLength(1);
    expect(state.usage).toEqual(usage(25, 25));
    await expectSound(llm.stack, id);
  });

  it("a 429 storm that outlasts the budget fails the graph with llm_http_429", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(llm.fake, {}, (prompt) =>
      prompt === "endless-storm"
        ? rateLimited({ retryAfter: "0", type: "rate_limit_error" })
        : { kind: "answer" },
    );
    const id = await llm.stack.submit({
      name: "429-forever",
      nodes: [
        { id: "limited", type: "llm", prompt: "endless-storm", retry: fastRetry(3) },
        { id: "next", type: "llm", prompt: "after-storm", dependsOn: ["limited"] },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "node_failed", nodeId: "limited" });
    expect(state.nodes.limited).toMatchObject({ status: "failed", attempt: 3, failures: 3 });
    expect(state.nodes.limited?.error?.code).toBe("llm_http_429");
    expect(state.nodes.next?.status).toBe("cancelled");
    expect(requestsFor(llm.fake, "endless-storm")).toHaveLength(3);
    await expectSound(llm.stack, id);
  });

  it("a hung provider is cut at the node's timeout: retried into success, or failed with timeout", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(llm.fake, { "hangs-once": [{ kind: "hang" }] }, (prompt) =>
      prompt === "hangs-always" ? { kind: "hang" } : { kind: "answer", text: "awake" },
    );
    const recovers = await llm.stack.submit({
      name: "hangs-once",
      nodes: [
        { id: "slow", type: "llm", prompt: "hangs-once", timeoutMs: 1000, retry: fastRetry(2) },
        { id: "next", type: "noop", dependsOn: ["slow"] },
      ],
    });
    const neverAnswers = await llm.stack.submit({
      name: "hangs-always",
      nodes: [{ id: "slow", type: "llm", prompt: "hangs-always", timeoutMs: 1000, retry: fastRetry(2) }],
    });

    const recovered = await llm.stack.waitForEnd(recovers);
    expect(recovered.status).toBe("succeeded");
    expect(recovered.nodes.slow).toMatchObject({
      status: "succeeded",
      attempt: 2,
      failures: 1,
      output: "awake",
    });
    expect(codeOf(ofNode(await llm.stack.events(recovers), "slow", "NodeRetrying")[0])).toBe("timeout");

    const failed = await llm.stack.waitForEnd(neverAnswers);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.slow).toMatchObject({ status: "failed", attempt: 2, failures: 2 });
    expect(failed.nodes.slow?.error).toMatchObject({ code: "timeout", retryable: true });
    // Every hung call was hung up on: none is left open at the provider.
    await waitUntil("the hung calls are cut", () =>
      [...requestsFor(llm.fake, "hangs-once").slice(0, 1), ...requestsFor(llm.fake, "hangs-always")].every(
        (r) => r.aborted,
      ),
    );
    expect(requestsFor(llm.fake, "hangs-always")).toHaveLength(2);
    await expectSound(llm.stack, recovers);
    await expectSound(llm.stack, neverAnswers);
  });

  it("a stream dropped mid-answer: the partial answer never reaches the output, only complete answers count", async () => {
    llm.fake.requests.length = 0;
    const partial = "This answer is cut off before it ends";
    scriptByPrompt(llm.fake, {
      "dropped-once": [
        { kind: "answer", text: partial, chunks: 4, dropAfter: 2, usage: { input: 50, output: 40 } },
        { kind: "answer", text: "complete answer", usage: { input: 50, output: 12 } },
      ],
      "next: complete answer": [{ kind: "answer", text: "done", usage: { input: 8, output: 1 } }],
    });
    const deltas = await llm.stack.collectDeltas();
    const id = await llm.stack.submit({
      name: "dropped-stream",
      nodes: [
        { id: "a", type: "llm", prompt: "dropped-once", retry: fastRetry(3) },
        { id: "b", type: "llm", prompt: "next: {{nodes.a.output}}", dependsOn: ["a"] },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    await deltas.stop();
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a).toMatchObject({ status: "succeeded", attempt: 2, output: "complete answer" });
    expect(state.nodes.b?.output).toBe("done");
    const retry = ofNode(await llm.stack.events(id), "a", "NodeRetrying")[0];
    expect(retry?.data.error).toMatchObject({ retryable: true });
    expect(codeOf(retry)).toBe("llm_connection");
    // The cut attempt never completed, so it reported no tokens; the node holds the complete answer's only.
    expect(retry?.data).not.toHaveProperty("usage");
    expect(state.nodes.a?.usage).toEqual(usage(50, 12));
    expect(state.usage).toEqual(usage(58, 13));
    // Live subscribers saw the cut attempt's pieces, labelled with their attempt, then the retry's whole answer.
    const textOf = (attempt: number) =>
      deltas.deltas
        .filter((d) => d.nodeId === "a" && d.attempt === attempt)
        .map((d) => d.text)
        .join("");
    expect(partial.startsWith(textOf(1))).toBe(true);
    expect(textOf(1).length).toBeLessThan(partial.length);
    expect(textOf(2)).toBe("complete answer");
    await expectSound(llm.stack, id);
  });

  it("dropped streams beyond the budget fail the graph", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(llm.fake, {}, (prompt) =>
      prompt === "always-dropped"
        ? { kind: "answer", text: "never finished", chunks: 3, dropAfter: 1 }
        : { kind: "answer" },
    );
    const id = await llm.stack.submit({
      name: "always-dropped",
      nodes: [{ id: "a", type: "llm", prompt: "always-dropped", retry: fastRetry(2) }],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.a).toMatchObject({ status: "failed", attempt: 2, failures: 2 });
    expect(state.nodes.a?.error?.code).toBe("llm_connection");
    expect(state.nodes.a?.usage).toBeUndefined();
    await expectSound(llm.stack, id);
  });

  it("answers that never match outputSchema fail the graph; every attempt's tokens are counted", async () => {
    llm.fake.requests.length = 0;
    scriptByPrompt(
      llm.fake,
      { "schema-source": [{ kind: "answer", text: "facts", usage: { input: 3, output: 1 } }] },
      (prompt) =>
        prompt === "schema-plan"
          ? { kind: "answer", json: { steps: "not a list" }, usage: { input: 40, output: 5 } }
          : { kind: "answer" },
    );
    const id = await llm.stack.submit({
      name: "never-valid",
      nodes: [
        { id: "source", type: "llm", prompt: "schema-source" },
        {
          id: "plan",
          type: "llm",
          prompt: "schema-plan",
          dependsOn: ["source"],
          retry: fastRetry(3),
          outputSchema: {
            type: "object",
            required: ["steps"],
            properties: { steps: { type: "array", items: { type: "string" } } },
          },
        },
      ],
    });
    const state = await llm.stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.plan).toMatchObject({ status: "failed", attempt: 3, failures: 3 });
    expect(state.nodes.plan?.error?.code).toBe("llm_invalid_output");
    // Three answers were paid for: the node and the graph carry all of them, and the final failure says so.
    expect(state.nodes.plan?.usage).toEqual(usage(120, 15));
    expect(state.usage).toEqual(usage(123, 16));
    const failedEvent = ofNode(await llm.stack.events(id), "plan", "NodeFailed")[0];
    expect(failedEvent?.data.usage).toEqual(usage(40, 5));
    await expectSound(llm.stack, id);
  });
});

describe("a provider outage on a fan-out (breaker on)", () => {
  const llm = anthropicStackForSuite({ LLM_BREAKER_FAILURES: "2", LLM_BREAKER_COOLDOWN_MS: "500" });

  it("opens the breaker: waiting nodes spend no budget, and the whole fan-out succeeds once it is back", async () => {
    let down = true;
    llm.fake.fallback = () =>
      down ? SERVER_ERROR : { kind: "answer", text: "back", usage: { input: 2, output: 1 } };
    const nodes = Array.from({ length: 6 }, (_, i) => `n${i}`);
    const id = await llm.stack.submit({
      name: "outage",
      nodes: [
        // Ten attempts 50 ms apart would all be spent within about half a second of outage.
        ...nodes.map((n) => ({
          id: n,
          type: "llm",
          prompt: `outage ${n}`,
          retry: { maxAttempts: 10, backoffMs: 50, maxBackoffMs: 50 },
        })),
        { id: "join", type: "noop", dependsOn: nodes },
      ],
    });
    await llm.stack.waitFor(id, (s: GraphState) =>
      Object.values(s.nodes).some((n) => n.error?.code === "llm_circuit_open"),
    );
    // The outage goes on for two seconds after the breaker opened.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    down = false;

    const state = await llm.stack.waitForEnd(id, 30_000);
    expect(state.status).toBe("succeeded");
    const events = await llm.stack.events(id);
    const deferred = events.filter((e) => e.type === "NodeRetrying" && e.data.deferred === true);
    expect(deferred.length).toBeGreaterThan(0);
    for (const e of deferred) expect(codeOf(e)).toBe("llm_circuit_open");
    // Only calls that reached the provider and failed were counted against the nodes' budgets.
    const failedCalls = llm.fake.requests.filter((r) => r.reply === "error").length;
    const spent = nodes.reduce((sum, n) => sum + (state.nodes[n]?.failures ?? 0), 0);
    expect(spent).toBe(failedCalls);
    expect(failedCalls).toBeLessThan(nodes.length * 10);
    expect(llm.fake.requests.filter((r) => r.reply === "answer")).toHaveLength(nodes.length);
    await expectSound(llm.stack, id);
  });
});
