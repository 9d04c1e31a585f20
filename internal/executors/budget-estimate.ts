// The worst case of one LLM call, which is what a budget reserves before the call. It must be an upper bound, so
// that "the sum of real usage never exceeds the budget" holds whatever the model answers:
// - input: the UTF-8 bytes of everything the request carries (prompt, system, schema, stop sequences: the whole
//   request as JSON, so quoting only adds), plus a fixed overhead for what the provider adds itself (role markers,
//   its tool-use instructions for structured output). The supported providers' tokenizers are byte-level: a
//   token stands for at least one byte, so there are never more tokens than bytes.
// - output: the request's maxTokens, which the provider never exceeds.
// - cost: input tokens at the dearest input rate (full, cache write or cache read), output at the output rate.
import type { BudgetAmount } from "../store/llm/budget-gate.js";
import type { LlmRequest } from "./llm-provider.js";
import type { ModelPrice } from "./price-table.js";

/** Tokens a provider may add around a request (role and turn markers, a forced tool call's instructions). */
export const REQUEST_OVERHEAD_TOKENS = 1024;

export function worstCaseInputTokens(request: LlmRequest): number {
  return Buffer.byteLength(JSON.stringify(request), "utf8") + REQUEST_OVERHEAD_TOKENS;
}

/** `price` undefined: a model that costs nothing (a local provider). */
export function worstCaseOf(request: LlmRequest, price: ModelPrice | undefined): BudgetAmount {
  const input = worstCaseInputTokens(request);
  const tokens = input + request.maxTokens;
  if (!price) return { costNanos: 0, tokens };
  const inputRate = Math.max(price.input, price.cacheWrite, price.cacheRead);
  // USD per million tokens × tokens × 1000 = nano-USD; rounded up so the bound stays a bound.
  const costNanos = Math.ceil((input * inputRate + request.maxTokens * price.output) * 1000);
  return { costNanos, tokens };
}

/** What a call really used, in the budget's units; cost as the price table rounds it to whole nano-USD. */
export function usedOf(
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number },
  costUsd: number,
): BudgetAmount {
  return {
    costNanos: Math.round(costUsd * 1e9),
    tokens: usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
  };
}
