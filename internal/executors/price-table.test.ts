import { describe, expect, it } from "vitest";
import { PriceTable } from "./price-table.js";

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describe("PriceTable", () => {
  it("prices by the longest matching model prefix", () => {
    const table = new PriceTable();
    expect(table.priceOf("claude-sonnet-4-5-20250929")?.input).toBe(3);
    expect(table.priceOf("claude-opus-4-1-20250805")?.output).toBe(75);
    expect(table.priceOf("claude-opus-4-5")?.output).toBe(25);
    expect(table.priceOf("claude-3-5-haiku-latest")?.input).toBe(0.8);
    expect(table.priceOf("gpt-4o-mini-2024-07-18")?.input).toBe(0.15);
    expect(table.priceOf("llama3")).toBeUndefined();
  });

  it("costs every kind of token, to the nano-dollar", () => {
    const table = new PriceTable();
    // 1M input × $3 + 1M output × $15 + 1M cache reads × $0.30 + 1M cache writes × $3.75
    expect(table.cost("claude-sonnet-4-6", usage(1e6, 1e6, 1e6, 1e6))).toBe(22.05);
    expect(table.cost("claude-sonnet-4-6", usage(1, 0))).toBe(0.000003);
    expect(table.cost("unknown-model", usage(1000, 1000))).toBe(0);
  });

  it("takes overrides, deriving cache rates from the input price when they are left out", () => {
    const table = new PriceTable({
      "claude-sonnet": { input: 2, output: 10 },
      mistral: { input: 1, output: 3 },
    });
    expect(table.priceOf("claude-sonnet-4-6")).toEqual({
      input: 2,
      output: 10,
      cacheRead: 0.2,
      cacheWrite: 2.5,
    });
    expect(table.cost("mistral-small", usage(1e6, 0, 1e6))).toBe(1.1);
  });

  it("reports an unpriced model once", () => {
    const table = new PriceTable();
    expect(table.firstUnpriced("qwen")).toBe(true);
    expect(table.firstUnpriced("qwen")).toBe(false);
    expect(table.firstUnpriced("claude-haiku-4-5")).toBe(false);
  });
});
