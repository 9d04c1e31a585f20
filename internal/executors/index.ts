export {
  BREAKER_STATES,
  type BreakerReport,
  type BreakerState,
  type GateLimits,
  ProviderGate,
  readBreakers,
} from "../store/llm/provider-gate.js";
export { ResponseCache } from "../store/llm/response-cache.js";
export { AnthropicProvider } from "./anthropic-provider.js";
export { LlmExecutor, type LlmExecutorOptions } from "./llm-executor.js";
export { type LlmProviderError, type ProviderHealth, parseRetryAfter } from "./llm-faults.js";
export type { LlmObserver } from "./llm-observer.js";
export type { LlmCallOptions, LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";
export { MockLlmProvider } from "./mock-llm-provider.js";
export { NoopExecutor } from "./noop-executor.js";
export { OpenAiCompatibleProvider } from "./openai-compatible-provider.js";
export { DEFAULT_PRICES, type ModelPrice, type ModelPriceInput, PriceTable } from "./price-table.js";
