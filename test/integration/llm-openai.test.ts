// The OpenAI-compatible adapter over the whole path, against a fake chat-completions server: streaming with the
// usage chunk, structured output through a JSON-only instruction, faults, and one graph mixing providers.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { rateLimited } from "../helpers/fake-llm-base.js";
import { FakeOpenAiServer } from "../helpers/fake-openai-server.js";
import { fastRetry, type LlmStack, oneNodeGraph, sample, startLlmStack, TEST_API_KEY } from "./llm-stack.js";

let openai: FakeOpenAiServer;
let anthropic: FakeAnthropicServer;
let stack: LlmStack;

beforeAll(async () => {
  openai = await new FakeOpenAiServer().start();
  anthropic = await new FakeAnthropicServer().start();
  stack = await startLlmStack({
    LLM_PROVIDER: "openai-compatible",
    LLM_BASE_URL: `${openai.url}/v1`,
    LLM_MODEL: "llama3.1:8b",
    ANTHROPIC_API_KEY: TEST_API_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    LLM_PRICES: JSON.stringify({ "llama3.1": { input: 0.1, output: 0.2 } }),
  });
});

afterAll(async () => {
  await stack?.close();
  await openai?.close();
  await anthropic?.close();
});

describe("llm nodes on an OpenAI-compatible server", () => {
  it("streams the answer, reads usage from the last chunk and prices it from LLM_PRICES", async () => {
    openai.requests.length = 0;
    openai.enqueue({
      kind: "answer",
      text: "Streams are logs.",
      chunks: 5,
      chunkDelayMs: 15,
      usage: { input: 1000, output: 500, cacheRead: 200 },
    });
    const collector = await stack.collectDeltas();
    const id = await stack.submit({
      name: "local-model",
      nodes: [
        { id: "a", type: "llm", prompt: "What is a stream?", system: "One line.", stopSequences: ["\n\n"] },
      ],
    });
    const state = await stack.waitForEnd(id);
    await collector.stop();
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a?.output).toBe("Streams are logs.");
    expect(openai.requests[0]?.body).toMatchObject({
      model: "llama3.1:8b",
      stream: true,
      stream_options: { include_usage: true },
      stop: ["\n\n"],
      messages: [
        { role: "system", content: "One line." },
        { role: "user", content: "What is a stream?" },
      ],
    });
    // prompt_tokens (1200) includes the 200 cached ones; dago counts them apart.
    expect(state.nodes.a).toMatchObject({
      usage: { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 200, cacheWriteTokens: 0 },
      provider: "openai-compatible",
      model: "llama3.1:8b",
    });
    // $0.1 and $0.2 per million; cache reads default to a tenth of the input price.
    expect(state.nodes.a?.costUsd).toBe(0.000202);
    const text = collector.deltas.filter((d) => d.graphId === id).map((d) => d.text);
    expect(text.join("")).toBe("Streams are logs.");
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
    expect(
      sample(await stack.metricsText(), "dago_llm_tokens_total", {
        provider: "openai-compatible",
        model: "llama3.1:8b",
        kind: "output",
      }),
    ).toBe(500);
  });

  it("asks for JSON with an instruction, strips code fences and validates the answer", async () => {
    openai.requests.length = 0;
    openai.enqueue(
      { kind: "answer", text: "Sure! Here it is: {" },
      { kind: "answer", text: '```json\n{"title": "Redis", "score": 9}\n```' },
    );
    const schema = {
      type: "object",
      required: ["title", "score"],
      properties: { title: { type: "string" }, score: { type: "integer" } },
    };
    const id = await stack.submit({
      name: "json",
      nodes: [
        { id: "rate", type: "llm", prompt: "Rate Redis", outputSchema: schema, retry: fastRetry(3) },
        { id: "next", type: "noop", dependsOn: ["rate"], when: "nodes.rate.output.score >= 9" },
      ],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.rate?.output).toEqual({ title: "Redis", score: 9 });
    expect(state.nodes.next?.status).toBe("succeeded");
    const system = (openai.requests[0]!.body.messages as Array<{ role: string; content: string }>)[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain(JSON.stringify(schema));
    const events = await stack.events(id);
    const retry = events.find((e) => e.type === "NodeRetrying");
    expect(retry?.data.error).toMatchObject({ code: "llm_invalid_output" });
    expect((retry!.data.error as { message: string }).message).toContain("not JSON");
  });

  it("honours retry-after on a 429 and fails a 401 at once", async () => {
    openai.requests.length = 0;
    openai.enqueue(rateLimited({ retryAfter: "1", type: "requests", message: "Rate limit reached" }));
    const limited = await stack.submit(oneNodeGraph("limited", 3));
    expect((await stack.waitForEnd(limited)).status).toBe("succeeded");
    const [first, second] = await openai.waitForRequests(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);

    openai.enqueue({
      kind: "error",
      status: 401,
      type: "invalid_request_error",
      message: "Incorrect API key provided",
    });
    const denied = await stack.submit(oneNodeGraph("denied", 3));
    const state = await stack.waitForEnd(denied);
    expect(state.nodes.a).toMatchObject({ status: "failed", attempt: 1 });
    expect(state.nodes.a?.error).toMatchObject({ code: "llm_http_401", retryable: false });
    expect(state.nodes.a?.error?.message).toContain("Incorrect API key provided");
  });

  it("retries a server error and a broken stream", async () => {
    openai.requests.length = 0;
    openai.enqueue({ kind: "error", status: 502, message: "bad gateway" }, { kind: "invalid_json" });
    const id = await stack.submit(oneNodeGraph("flaky", 3));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const codes = (await stack.events(id))
      .filter((e) => e.type === "NodeRetrying")
      .map((e) => (e.data.error as { code: string }).code);
    expect(codes).toEqual(["llm_http_502", "llm_bad_response"]);
  });

  it("runs one graph across providers: each node on the provider it names", async () => {
    openai.requests.length = 0;
    anthropic.requests.length = 0;
    anthropic.enqueue({ kind: "answer", text: "from claude", usage: { input: 10, output: 10 } });
    openai.enqueue({ kind: "answer", text: "from llama", usage: { input: 10, output: 10 } });
    const id = await stack.submit({
      name: "mixed",
      nodes: [
        { id: "claude", type: "llm", provider: "anthropic", prompt: "draft" },
        { id: "local", type: "llm", dependsOn: ["claude"], prompt: "improve: {{nodes.claude.output}}" },
        { id: "offline", type: "llm", provider: "mock", dependsOn: ["local"], prompt: "echo" },
      ],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.claude).toMatchObject({
      output: "from claude",
      provider: "anthropic",
      model: "claude-sonnet-4-6",
    });
    expect(state.nodes.local).toMatchObject({ output: "from llama", provider: "openai-compatible" });
    expect(state.nodes.offline).toMatchObject({ provider: "mock", model: "mock", costUsd: 0 });
    expect(anthropic.requests).toHaveLength(1);
    expect(openai.requests[0]?.body.messages).toContainEqual({
      role: "user",
      content: "improve: from claude",
    });
    // claude-sonnet at $3/$15 per million plus llama at $0.1/$0.2.
    expect(state.costUsd).toBe(0.000183);
  });
});

describe("the fake chat-completions API", () => {
  it("speaks the wire format the SDK's own JSON and stream parsers expect", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: `${openai.url}/v1`, maxRetries: 0 });
    openai.enqueue({ kind: "answer", text: "plain JSON", usage: { input: 7, output: 3 } });
    const completion = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(completion.choices[0]?.message.content).toBe("plain JSON");
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });

    openai.enqueue({ kind: "answer", text: "streamed", chunks: 2, usage: { input: 5, output: 4 } });
    const stream = client.chat.completions.stream({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("streamed");
    expect(final.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 4 });
  });
});
