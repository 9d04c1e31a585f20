// What an `llm` attempt consumed: tokens by kind and their cost. Costs are summed as whole nano-dollars so that
// the stored projection (summed inside Redis) and the fold (summed here) agree to the last digit.

export interface TokenUsage {
  /** Input tokens billed at the full rate (cache reads and writes not included). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** One attempt's accounting, recorded on the node through its NodeCompleted, NodeRetrying or NodeFailed event. */
export interface AttemptAccounting {
  provider: string;
  model: string;
  usage: TokenUsage;
  costUsd: number;
  /** Set for nodes with the response cache on: whether this attempt reused a stored output. */
  cacheHit?: boolean;
}

export const NANOS_PER_USD = 1_000_000_000;

export function zeroUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

export function addUsage(a: TokenUsage | undefined, b: TokenUsage): TokenUsage {
  const base = a ?? zeroUsage();
  return {
    inputTokens: base.inputTokens + b.inputTokens,
    outputTokens: base.outputTokens + b.outputTokens,
    cacheReadTokens: base.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: base.cacheWriteTokens + b.cacheWriteTokens,
  };
}

/** USD → whole nano-dollars (exact for any amount a graph can reach: below 2^53 nanos). */
export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/** Adds a cost in USD to a running total in USD without the drift of summing floats. */
export function addCost(totalUsd: number | undefined, usd: number): number {
  return nanosToUsd(usdToNanos(totalUsd ?? 0) + usdToNanos(usd));
}

/** Reads a usage object from event data; anything malformed counts as no usage. */
export function usageOf(value: unknown): TokenUsage | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : 0);
  return {
    inputTokens: n(v.inputTokens),
    outputTokens: n(v.outputTokens),
    cacheReadTokens: n(v.cacheReadTokens),
    cacheWriteTokens: n(v.cacheWriteTokens),
  };
}
