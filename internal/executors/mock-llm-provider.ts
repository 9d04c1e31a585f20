// A deterministic stand-in for a model, used when no API key is configured so every example runs offline.
import { createHash } from "node:crypto";
import type { LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";

const ECHO_CHARS = 160;

export class MockLlmProvider implements LlmProvider {
  readonly name = "mock";

  constructor(private readonly latencyMs: number) {}

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    if (this.latencyMs > 0) await sleep(this.latencyMs, signal);
    signal.throwIfAborted();
    const digest = createHash("sha256")
      .update(`${request.model}\n${request.system ?? ""}\n${request.prompt}`)
      .digest("hex")
      .slice(0, 8);
    const echo =
      request.prompt.length > ECHO_CHARS ? `${request.prompt.slice(0, ECHO_CHARS)}…` : request.prompt;
    const text = `Mock response ${digest} to: ${echo}`;
    return {
      text,
      model: request.model,
      usage: { inputTokens: Math.ceil(request.prompt.length / 4), outputTokens: Math.ceil(text.length / 4) },
      stopReason: "end_turn",
    };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
