// The default configuration (no key): llm nodes run on the offline mock model, which streams its answer in a few
// pieces and reports deterministic usage, so streaming and accounting show in a plain `make run` too. Deltas are
// also checked through the WebSocket gateway with a real ws client.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type LlmStack, startLlmStack } from "./llm-stack.js";

let stack: LlmStack;

beforeAll(async () => {
  stack = await startLlmStack({ MOCK_LLM_LATENCY_MS: "400" });
});

afterAll(async () => {
  await stack?.close();
});

describe("llm nodes on the mock model", () => {
  it("says once at start-up that llm nodes run on the mock model, and how to use a real one", () => {
    const notices = stack.logs
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((entry) => entry.msg.includes("mock model"));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe("warn");
    expect(notices[0]?.msg).toContain("ANTHROPIC_API_KEY");
    expect(notices[0]?.msg).toContain("LLM_PROVIDER=openai-compatible");
  });

  it("streams the answer in pieces and records deterministic usage at no cost", async () => {
    const collector = await stack.collectDeltas();
    const id = await stack.submit({
      name: "offline",
      input: { topic: "Redis" },
      nodes: [{ id: "a", type: "llm", prompt: "Outline a report on {{input.topic}}" }],
    });
    const state = await stack.waitForEnd(id);
    await collector.stop();
    const output = state.nodes.a?.output as string;
    expect(output).toMatch(/^Mock response [0-9a-f]{8} to: Outline a report on Redis$/);
    const deltas = collector.deltas.filter((d) => d.graphId === id);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join("")).toBe(output);
    expect(state.nodes.a).toMatchObject({
      provider: "mock",
      model: "mock",
      costUsd: 0,
      usage: {
        inputTokens: Math.ceil("Outline a report on Redis".length / 4),
        outputTokens: Math.ceil(output.length / 4),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
    });
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("reports itself as model mock, at no cost, even for a node that names a real model", async () => {
    const id = await stack.submit({
      name: "offline-named-model",
      nodes: [{ id: "a", type: "llm", model: "claude-opus-4-1", prompt: "hello" }],
    });
    const state = await stack.waitForEnd(id);
    expect(state.nodes.a).toMatchObject({ status: "succeeded", provider: "mock", model: "mock", costUsd: 0 });
    expect(state.costUsd).toBe(0);
  });

  it("answers structured nodes with a value that matches the schema", async () => {
    const id = await stack.submit({
      name: "offline-json",
      nodes: [
        {
          id: "plan",
          type: "llm",
          prompt: "plan",
          outputSchema: {
            type: "object",
            required: ["steps", "done"],
            properties: {
              steps: { type: "array", items: { type: "string" }, minItems: 3 },
              done: { type: "boolean" },
            },
          },
        },
        { id: "use", type: "llm", dependsOn: ["plan"], prompt: "Do {{nodes.plan.output.steps[2]}}" },
      ],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.output).toEqual({ steps: ["steps 1", "steps 2", "steps 3"], done: true });
    expect(state.nodes.use?.output).toContain("Do steps 3");
  });

  it("runs examples/claude-brief.json offline", async () => {
    const spec = JSON.parse(
      await readFile(new URL("../../examples/claude-brief.json", import.meta.url), "utf8"),
    );
    const state = await stack.waitForEnd(await stack.submit(spec));
    expect(state.status).toBe("succeeded");
    const plan = state.nodes.plan?.output as { parts: Array<{ heading: string }> };
    expect(plan.parts).toHaveLength(3);
    expect(state.nodes.part2?.output).toContain(`Write the part "${plan.parts[1]?.heading}"`);
    expect(state.nodes.summary?.status).toBe("succeeded");
    // Offline the mock answered, not the model the example names.
    expect(state.nodes.plan).toMatchObject({ provider: "mock", model: "mock" });
  });

  it("fails a node that names a provider this worker has no configuration for, without retrying", async () => {
    const id = await stack.submit({
      name: "unconfigured",
      nodes: [{ id: "a", type: "llm", provider: "anthropic", prompt: "hi" }],
    });
    const state = await stack.waitForEnd(id);
    expect(state.nodes.a).toMatchObject({ status: "failed", attempt: 1 });
    expect(state.nodes.a?.error).toMatchObject({ code: "llm_provider_unavailable", retryable: false });
    expect(state.nodes.a?.error?.message).toContain("ANTHROPIC_API_KEY");
  });

  it("refuses llm fields with bad values at submit", async () => {
    const res = await fetch(`${stack.base}/api/v1/graphs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "bad",
        nodes: [
          {
            id: "a",
            type: "llm",
            prompt: "x",
            provider: "openai",
            stopSequences: [],
            outputSchema: { type: "array" },
            cache: -1,
          },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details.map((d) => d.path).sort()).toEqual([
      "/nodes/0/cache",
      "/nodes/0/outputSchema",
      "/nodes/0/provider",
      "/nodes/0/stopSequences",
    ]);
  });

  it("relays the deltas to a WebSocket subscriber while the node runs", async () => {
    const id = await stack.submit({
      name: "live",
      nodes: [
        { id: "first", type: "llm", prompt: "warm up" },
        { id: "a", type: "llm", dependsOn: ["first"], prompt: "Tell me about streams" },
      ],
    });
    const ws = new WebSocket(`${stack.base.replace("http", "ws")}/api/v1/ws`);
    const messages: Array<Record<string, unknown>> = [];
    ws.on("message", (data) => messages.push(JSON.parse(String(data))));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.send(JSON.stringify({ op: "subscribe", sub: "s1", graphs: [id], after: { [id]: "0-0" } }));
    const deadline = Date.now() + 20_000;
    const completed = () =>
      messages.some(
        (m) =>
          (m.event as { type?: string; nodeId?: string } | undefined)?.type === "NodeCompleted" &&
          (m.event as { nodeId?: string }).nodeId === "a",
      );
    while (!completed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    const deltas = messages
      .filter((m) => m.type === "delta")
      .map((m) => m.delta as { nodeId: string; text: string; seq: number });
    const state = await stack.graph(id);
    // The subscription opens while "first" runs (400 ms), so "a" streams to it: every piece, in order.
    const ofA = deltas.filter((d) => d.nodeId === "a");
    expect(ofA.length).toBeGreaterThan(1);
    expect(ofA.map((d) => d.seq)).toEqual(ofA.map((_, i) => i));
    expect(ofA.map((d) => d.text).join("")).toBe(state.nodes.a?.output);
    const doneAt = messages.findIndex((m) => {
      const event = m.event as { type?: string; nodeId?: string } | undefined;
      return event?.type === "NodeCompleted" && event.nodeId === "a";
    });
    const lastDeltaAt = messages.map((m) => m.type).lastIndexOf("delta");
    expect(lastDeltaAt).toBeLessThan(doneAt);
  });
});
