export { AnthropicProvider } from "./anthropic-provider.js";
export { LlmExecutor } from "./llm-executor.js";
export type { LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";
export { MockLlmProvider } from "./mock-llm-provider.js";
export { NoopExecutor } from "./noop-executor.js";
