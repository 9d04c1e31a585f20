// A deterministic stand-in for a model, used when no API key is configured so every example runs offline. It
// streams its answer in a few pieces spread over MOCK_LLM_LATENCY_MS and reports usage (about four characters
// a token), so streaming and accounting show in a default `make run` too. A planner gets a small fixed plan.
import { createHash } from "node:crypto";
import { abortableSleep } from "./abortable-sleep.js";
import { mockPlan } from "./llm-planner.js";
import type { LlmCallOptions, LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";
import { sampleFromSchema } from "./structured-output.js";

const ECHO_CHARS = 160;
const CHUNKS = 4;

export class MockLlmProvider implements LlmProvider {
  readonly name = "mock";
  readonly remote = false;
  readonly defaultModel = "mock";

  constructor(private readonly latencyMs: number) {}

  async complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse> {
    const { signal } = options;
    signal.throwIfAborted();
    const text = request.plan
      ? JSON.stringify(mockPlan(request.plan, request.prompt))
      : request.outputSchema
        ? JSON.stringify(sampleFromSchema(request.outputSchema))
        : answer(request);
    const pieces = split(text, CHUNKS);
    for (const piece of pieces) {
      if (this.latencyMs > 0) await abortableSleep(this.latencyMs / pieces.length, signal);
      signal.throwIfAborted();
      options.onText(piece);
    }
    return {
      text,
      // Whatever model the node names, the answer is the mock's: the node's state and metrics say so.
      model: this.defaultModel,
      usage: {
        inputTokens: tokens(`${request.system ?? ""}${request.prompt}`),
        outputTokens: tokens(text),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
      stopReason: "end_turn",
    };
  }
}

function answer(request: LlmRequest): string {
  const digest = createHash("sha256")
    .update(`${request.model}\n${request.system ?? ""}\n${request.prompt}`)
    .digest("hex")
    .slice(0, 8);
  const echo =
    request.prompt.length > ECHO_CHARS ? `${request.prompt.slice(0, ECHO_CHARS)}…` : request.prompt;
  return `Mock response ${digest} to: ${echo}`;
}

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts text into `count` pieces at code point boundaries (never inside a surrogate pair). */
function split(text: string, count: number): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / count));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}
