// What a model's tokens cost, in USD per million tokens, looked up by the longest matching model-name prefix (so
// "claude-sonnet-4-5-20250929" finds "claude-sonnet-4-5", then the family "claude-sonnet"). The defaults are
// list prices at the time of writing; LLM_PRICES overrides or extends them. A model with no entry costs 0 and
// is logged once, so a missing price shows instead of silently reading as free.

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Configured entries may leave the cache rates out: Anthropic's multipliers (0.1× and 1.25× input) apply. */
export type ModelPriceInput = Pick<ModelPrice, "input" | "output"> & Partial<ModelPrice>;

const p = (input: number, output: number, cacheRead: number, cacheWrite: number): ModelPrice => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});

export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-opus": p(5, 25, 0.5, 6.25),
  "claude-opus-4-0": p(15, 75, 1.5, 18.75),
  "claude-opus-4-1": p(15, 75, 1.5, 18.75),
  "claude-opus-4-2025": p(15, 75, 1.5, 18.75),
  "claude-3-opus": p(15, 75, 1.5, 18.75),
  "claude-sonnet": p(3, 15, 0.3, 3.75),
  "claude-3-7-sonnet": p(3, 15, 0.3, 3.75),
  "claude-3-5-sonnet": p(3, 15, 0.3, 3.75),
  "claude-haiku": p(1, 5, 0.1, 1.25),
  "claude-3-5-haiku": p(0.8, 4, 0.08, 1),
  "claude-3-haiku": p(0.25, 1.25, 0.03, 0.3),
  "gpt-4o": p(2.5, 10, 1.25, 2.5),
  "gpt-4o-mini": p(0.15, 0.6, 0.075, 0.15),
  "gpt-4.1": p(2, 8, 0.5, 2),
  "gpt-4.1-mini": p(0.4, 1.6, 0.1, 0.4),
  "gpt-4.1-nano": p(0.1, 0.4, 0.025, 0.1),
};

export function completePrice(entry: ModelPriceInput): ModelPrice {
  return {
    input: entry.input,
    output: entry.output,
    cacheRead: entry.cacheRead ?? entry.input * 0.1,
    cacheWrite: entry.cacheWrite ?? entry.input * 1.25,
  };
}

export class PriceTable {
  private readonly entries: Array<[string, ModelPrice]>;
  private readonly unpriced = new Set<string>();

  constructor(overrides: Readonly<Record<string, ModelPriceInput>> = {}) {
    const merged = new Map<string, ModelPrice>(Object.entries(DEFAULT_PRICES));
    for (const [model, entry] of Object.entries(overrides)) merged.set(model, completePrice(entry));
    // Longest prefix first, so the first match is the most specific.
    this.entries = [...merged].sort((a, b) => b[0].length - a[0].length);
  }

  priceOf(model: string): ModelPrice | undefined {
    for (const [prefix, price] of this.entries) if (model.startsWith(prefix)) return price;
    return undefined;
  }

  /** Cost in USD of some tokens; 0 for an unpriced model (reported by `firstUnpriced`). */
  cost(
    model: string,
    usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number },
  ): number {
    const price = this.priceOf(model);
    if (!price) return 0;
    const micros =
      usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * price.cacheRead +
      usage.cacheWriteTokens * price.cacheWrite;
    // USD per million tokens × tokens = micro-USD; rounded to whole nano-USD like every stored cost.
    return Math.round(micros * 1000) / 1e9;
  }

  /** True the first time a model without a price is seen, so the caller logs it once. */
  firstUnpriced(model: string): boolean {
    if (this.priceOf(model) || this.unpriced.has(model)) return false;
    this.unpriced.add(model);
    return true;
  }
}
