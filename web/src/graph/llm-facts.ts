// What an LLM call adds to a node's (and, summed, the graph's) state: model, provider, tokens, cost. Every field
// is optional: other node types have none, and older servers send none.

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface LlmFacts {
  usage?: TokenUsage;
  costUsd?: number;
  cacheHit?: boolean;
  model?: string;
  provider?: string;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export function llmFactsOf(value: object): LlmFacts {
  const v = value as Record<string, unknown>;
  const facts: LlmFacts = {};
  if (typeof v.usage === "object" && v.usage !== null) {
    const u = v.usage as Record<string, unknown>;
    const usage: TokenUsage = {};
    for (const key of ["inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens"] as const) {
      const n = num(u[key]);
      if (n !== undefined) usage[key] = n;
    }
    if (Object.keys(usage).length > 0) facts.usage = usage;
  }
  const cost = num(v.costUsd);
  if (cost !== undefined) facts.costUsd = cost;
  if (typeof v.cacheHit === "boolean") facts.cacheHit = v.cacheHit;
  const model = str(v.model);
  if (model !== undefined) facts.model = model;
  const provider = str(v.provider);
  if (provider !== undefined) facts.provider = provider;
  return facts;
}

export function hasLlmFacts(facts: LlmFacts): boolean {
  return Object.keys(facts).length > 0;
}
