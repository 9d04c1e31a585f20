import type { Config } from "../config/index.js";
import { AnthropicProvider } from "../executors/anthropic-provider.js";
import type { LlmProvider } from "../executors/llm-provider.js";
import { MockLlmProvider } from "../executors/mock-llm-provider.js";

export function createLlmProvider(llm: Config["llm"]): LlmProvider {
  if (llm.provider === "anthropic") {
    return new AnthropicProvider({
      apiKey: llm.apiKey as string,
      timeoutMs: llm.timeoutMs,
      ...(llm.baseUrl ? { baseUrl: llm.baseUrl } : {}),
    });
  }
  return new MockLlmProvider(llm.mockLatencyMs);
}
