// llm nodes on Anthropic over the whole path: dago (HTTP API, engine, in-process workers) with the real SDK
// talking to a fake Messages API on loopback. Streaming, accounting, structured output, faults, cancel, cache.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { rateLimited } from "../helpers/fake-llm-base.js";
import {
  fastRetry,
  type LlmStack,
  oneNodeGraph,
  sample,
  startAnthropicStack,
  TEST_API_KEY,
} from "./llm-stack.js";

const PLAN_SCHEMA = {
  type: "object",
  required: ["steps"],
  properties: { steps: { type: "array", items: { type: "string" }, minItems: 1 } },
};

let fake: FakeAnthropicServer;
let stack: LlmStack;

beforeAll(async () => {
  // Failures in this file must not open the breaker; llm-breaker.test.ts covers it.
  ({ fake, stack } = await startAnthropicStack({ LLM_BREAKER_FAILURES: "0" }));
});

afterAll(async () => {
  await stack?.close();
});

function ofType(events: GraphEvent[], type: GraphEvent["type"], nodeId: string): GraphEvent[] {
  return events.filter((e) => e.type === type && e.nodeId === nodeId);
}

describe("a graph of llm nodes on Anthropic", () => {
  it("does not warn about the mock model when a key is set", () => {
    expect(stack.logs.filter((line) => line.includes("mock model"))).toEqual([]);
  });

  it("streams, structures, accounts and chains outputs through templates and conditions", async () => {
    fake.requests.length = 0;
    fake.enqueue(
      {
        kind: "answer",
        json: { steps: ["Intro", "Body"] },
        usage: { input: 100, output: 20, cacheRead: 50, cacheWrite: 10 },
      },
      {
        kind: "answer",
        text: "Hello world of Redis",
        chunks: 4,
        chunkDelayMs: 20,
        usage: { input: 30, output: 12 },
      },
    );
    const collector = await stack.collectDeltas();
    const id = await stack.submit({
      name: "plan-and-write",
      input: { topic: "Redis" },
      nodes: [
        { id: "plan", type: "llm", prompt: "Plan a report on {{input.topic}}", outputSchema: PLAN_SCHEMA },
        {
          id: "write",
          type: "llm",
          dependsOn: ["plan"],
          when: "len(nodes.plan.output.steps) > 1",
          prompt: "Write the part called {{nodes.plan.output.steps[0]}}",
          system: "Be brief.",
          maxTokens: 200,
          temperature: 0.2,
          stopSequences: ["END"],
        },
      ],
    });
    const state = await stack.waitForEnd(id);
    await collector.stop();
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.output).toEqual({ steps: ["Intro", "Body"] });
    expect(state.nodes.write?.output).toBe("Hello world of Redis");

    // What the SDK sent: streaming, the node's fields, the key, the structured-output tool.
    const [planReq, writeReq] = fake.requests;
    expect(FakeAnthropicServer.keyOf(planReq!.headers)).toBe(TEST_API_KEY);
    expect(planReq?.body).toMatchObject({
      model: "claude-sonnet-4-6",
      stream: true,
      tools: [{ name: "respond", input_schema: PLAN_SCHEMA }],
      tool_choice: { type: "tool", name: "respond" },
    });
    expect(writeReq?.body).toMatchObject({
      messages: [{ role: "user", content: "Write the part called Intro" }],
      system: "Be brief.",
      max_tokens: 200,
      temperature: 0.2,
      stop_sequences: ["END"],
      stream: true,
    });

    // Accounting: per node, summed on the graph, priced from the default table (claude-sonnet: $3/$15/$0.3/$3.75).
    expect(state.nodes.plan).toMatchObject({
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 50, cacheWriteTokens: 10 },
      costUsd: 0.0006525,
      model: "claude-sonnet-4-6",
      provider: "anthropic",
    });
    expect(state.nodes.write).toMatchObject({
      usage: { inputTokens: 30, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
      costUsd: 0.00027,
    });
    expect(state.usage).toEqual({
      inputTokens: 130,
      outputTokens: 32,
      cacheReadTokens: 50,
      cacheWriteTokens: 10,
    });
    expect(state.costUsd).toBe(0.0009225);
    const graphMetrics = (await (await fetch(`${stack.base}/api/v1/graphs/${id}/metrics`)).json()) as Record<
      string,
      unknown
    >;
    expect(graphMetrics).toMatchObject({ usage: state.usage, costUsd: 0.0009225 });

    // Deltas reached the channel in order, labelled with the tenant, and spell the final text; none are events.
    const writeDeltas = collector.deltas.filter((d) => d.graphId === id && d.nodeId === "write");
    expect(writeDeltas.length).toBeGreaterThan(0);
    expect(writeDeltas.map((d) => d.seq)).toEqual(writeDeltas.map((_, i) => i));
    expect(writeDeltas.map((d) => d.text).join("")).toBe("Hello world of Redis");
    expect(writeDeltas.every((d) => d.tenantId === "default" && d.attempt === 1)).toBe(true);
    const planText = collector.deltas
      .filter((d) => d.graphId === id && d.nodeId === "plan")
      .map((d) => d.text);
    expect(JSON.parse(planText.join(""))).toEqual({ steps: ["Intro", "Body"] });
    const events = await stack.events(id);
    expect(events.map((e) => e.type as string)).not.toContain("NodeOutputDelta");
    expect(ofType(events, "NodeCompleted", "write")[0]?.data).toMatchObject({
      output: "Hello world of Redis",
      usage: { inputTokens: 30, outputTokens: 12 },
      costUsd: 0.00027,
      model: "claude-sonnet-4-6",
      provider: "anthropic",
    });

    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);

    const metrics = await stack.metricsText();
    const labels = { provider: "anthropic", model: "claude-sonnet-4-6", tenant: "default" };
    expect(sample(metrics, "dago_llm_tokens_total", { ...labels, kind: "input" })).toBe(130);
    expect(sample(metrics, "dago_llm_tokens_total", { ...labels, kind: "cache_read" })).toBe(50);
    expect(sample(metrics, "dago_llm_cost_usd_total", labels)).toBeCloseTo(0.0009225, 10);
    expect(
      sample(metrics, "dago_llm_requests_total", { provider: "anthropic", result: "ok" }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("retries a 429 after the delay its retry-after header asks for", async () => {
    fake.requests.length = 0;
    fake.enqueue(rateLimited({ retryAfter: "1", type: "rate_limit_error", message: "slow down" }));
    const id = await stack.submit(oneNodeGraph("rate-limited", 4));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const retrying = ofType(await stack.events(id), "NodeRetrying", "a");
    expect(retrying).toHaveLength(1);
    expect(retrying[0]?.data).toMatchObject({
      error: { code: "llm_http_429", retryable: true },
      failures: 1,
      retryAfterMs: 1000,
    });
    expect(retrying[0]?.data.delayMs as number).toBeGreaterThanOrEqual(1000);
    expect((retrying[0]!.data.error as { message: string }).message).toContain("slow down");
    const [first, second] = await fake.waitForRequests(2);
    // The back-off alone would have been 10 ms; the provider asked for a second and got it.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("retries 5xx, 529, connection resets, malformed streams and overloaded streams", async () => {
    fake.requests.length = 0;
    fake.enqueue(
      { kind: "error", status: 500, type: "api_error", message: "internal" },
      { kind: "error", status: 529, type: "overloaded_error", message: "Overloaded", retryAfter: "0" },
      { kind: "reset" },
      { kind: "invalid_json" },
      { kind: "stream_error", type: "overloaded_error" },
      { kind: "answer", text: "finally" },
    );
    const id = await stack.submit(oneNodeGraph("flaky-provider", 6));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a?.output).toBe("finally");
    expect(state.nodes.a?.attempt).toBe(6);
    const codes = ofType(await stack.events(id), "NodeRetrying", "a").map(
      (e) => (e.data.error as { code: string }).code,
    );
    expect(codes).toEqual([
      "llm_http_500",
      "llm_http_529",
      "llm_connection",
      "llm_bad_response",
      "llm_stream_error",
    ]);
  });

  it("fails a 401 at once with the provider's message and never logs the key", async () => {
    fake.requests.length = 0;
    fake.requiredKey = "sk-ant-the-right-key";
    try {
      const id = await stack.submit(oneNodeGraph("bad-key", 4));
      const state = await stack.waitForEnd(id);
      expect(state.status).toBe("failed");
      expect(state.nodes.a).toMatchObject({ status: "failed", attempt: 1, failures: 1 });
      expect(state.nodes.a?.error).toMatchObject({ code: "llm_http_401", retryable: false });
      expect(state.nodes.a?.error?.message).toContain("invalid x-api-key");
      expect(fake.requests).toHaveLength(1);
      expect(stack.logs.join("\n")).not.toContain(TEST_API_KEY);
      expect(stack.logs.join("\n")).toContain("llm_http_401");
    } finally {
      fake.requiredKey = undefined;
    }
  });

  it("retries an answer that does not match outputSchema, and counts the tokens it cost", async () => {
    fake.requests.length = 0;
    fake.enqueue(
      { kind: "answer", json: { steps: "not a list" }, usage: { input: 40, output: 5 } },
      { kind: "answer", json: { steps: ["one"] }, usage: { input: 40, output: 6 } },
    );
    const id = await stack.submit({
      name: "structured",
      nodes: [{ id: "plan", type: "llm", prompt: "plan", outputSchema: PLAN_SCHEMA, retry: fastRetry(4) }],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.output).toEqual({ steps: ["one"] });
    const retrying = ofType(await stack.events(id), "NodeRetrying", "plan");
    expect(retrying[0]?.data.error).toMatchObject({ code: "llm_invalid_output", retryable: true });
    expect((retrying[0]!.data.error as { message: string }).message).toContain("output/steps must be array");
    expect(retrying[0]?.data.usage).toEqual({
      inputTokens: 40,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    // The refused answer was paid for: the node carries both attempts' tokens.
    expect(state.nodes.plan?.usage).toEqual({
      inputTokens: 80,
      outputTokens: 11,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    expect(state.usage).toEqual(state.nodes.plan?.usage);
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("aborts the in-flight request when the graph is cancelled", async () => {
    fake.requests.length = 0;
    fake.enqueue({ kind: "answer", text: "x".repeat(40), chunks: 40, chunkDelayMs: 250 });
    const id = await stack.submit({ name: "cancel-me", nodes: [{ id: "a", type: "llm", prompt: "long" }] });
    const [request] = await fake.waitForRequests(1);
    const res = await fetch(`${stack.base}/api/v1/graphs/${id}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!request!.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(request!.aborted).toBe(true);
    expect((await stack.waitForEnd(id)).status).toBe("cancelled");
  });

  it("reuses a cached answer for an identical request", async () => {
    fake.requests.length = 0;
    fake.enqueue({ kind: "answer", text: "cached words", usage: { input: 10, output: 3 } });
    const spec = {
      name: "cached",
      input: { q: "what is a stream?" },
      nodes: [{ id: "a", type: "llm", prompt: "Answer: {{input.q}}", cache: true }],
    };
    const first = await stack.waitForEnd(await stack.submit(spec));
    const collector = await stack.collectDeltas();
    const secondId = await stack.submit(spec);
    const second = await stack.waitForEnd(secondId);
    await collector.stop();
    expect(fake.requests).toHaveLength(1);
    expect(first.nodes.a).toMatchObject({ output: "cached words", cacheHit: false, costUsd: 0.000075 });
    expect(second.nodes.a).toMatchObject({
      status: "succeeded",
      output: "cached words",
      cacheHit: true,
      costUsd: 0,
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
    expect(
      collector.deltas
        .filter((d) => d.graphId === secondId)
        .map((d) => d.text)
        .join(""),
    ).toBe("cached words");
    const graphMetrics = (await (await fetch(`${stack.base}/api/v1/graphs/${secondId}/metrics`)).json()) as {
      cacheHits?: number;
    };
    expect(graphMetrics.cacheHits).toBe(1);
    const metrics = await stack.metricsText();
    expect(sample(metrics, "dago_llm_cache_lookups_total", { provider: "anthropic", result: "hit" })).toBe(1);
    expect(sample(metrics, "dago_llm_cache_lookups_total", { provider: "anthropic", result: "miss" })).toBe(
      1,
    );
    // Another prompt is another request.
    await stack.waitForEnd(await stack.submit({ ...spec, input: { q: "what is a group?" } }));
    expect(fake.requests).toHaveLength(2);
  });
});

describe("the fake Messages API", () => {
  it("speaks the wire format the SDK's own JSON and stream parsers expect", async () => {
    const client = new Anthropic({ apiKey: "k", baseURL: fake.url, maxRetries: 0 });
    fake.enqueue({ kind: "answer", text: "plain JSON", usage: { input: 7, output: 3, cacheRead: 2 } });
    const message = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.content).toEqual([{ type: "text", text: "plain JSON" }]);
    expect(message.usage).toMatchObject({ input_tokens: 7, output_tokens: 3, cache_read_input_tokens: 2 });
    expect(message.stop_reason).toBe("end_turn");

    fake.enqueue({ kind: "answer", text: "streamed text", chunks: 3, usage: { input: 5, output: 4 } });
    const stream = client.messages.stream({
      model: "claude-haiku-4-5",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });
    const pieces: string[] = [];
    stream.on("text", (text) => pieces.push(text));
    const final = await stream.finalMessage();
    expect(pieces.join("")).toBe("streamed text");
    expect(pieces.length).toBe(3);
    expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 4 });

    fake.enqueue({
      kind: "error",
      status: 529,
      type: "overloaded_error",
      message: "Overloaded",
      retryAfter: "2",
    });
    const err = await client.messages
      .create({ model: "m", max_tokens: 1, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err).toMatchObject({ status: 529, type: "overloaded_error", apiMessage: "Overloaded" });
    expect((err as InstanceType<typeof Anthropic.APIError>).headers?.get("retry-after")).toBe("2");
  });
});
