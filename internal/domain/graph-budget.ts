// A graph's spend limit: `"budget": {"maxCostUsd": 0.5, "maxTokens": 20000}` (either or both). The worker
// reserves each LLM call's worst case against it before the call and settles to the real usage after it
// (internal/store/llm/budget-gate.ts), so the sum of what the graph's calls really used never passes it.
import { isPlainObject, ownValue } from "./path.js";
import { describe, type Issues, pointer, quote } from "./validation-issues.js";

export interface GraphBudget {
  /** USD the graph's LLM calls may cost in all. */
  maxCostUsd?: number;
  /** Tokens (input, output and cache tokens together) the graph's LLM calls may use in all. */
  maxTokens?: number;
}

/** One budget as the views show it (a graph's, a tenant's for a period): limits (absent = none), what was spent and what open calls hold. */
export interface BudgetAccount {
  maxCostUsd?: number;
  maxTokens?: number;
  spentCostUsd: number;
  spentTokens: number;
  reservedCostUsd: number;
  reservedTokens: number;
}

const BUDGET_FIELDS: ReadonlySet<string> = new Set(["maxCostUsd", "maxTokens"]);
/** A cost is kept in whole nano-USD; the scripts keep sums below 1e14 nano-USD, which Lua still writes as digits. */
const MAX_COST_USD = 10_000;
const MAX_TOKENS = 1_000_000_000_000;

/** Checks `budget`; returns it when valid, undefined (with issues added) when not or when absent. */
export function checkBudget(value: unknown, issues: Issues): GraphBudget | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    issues.add("bad_field", `budget must be an object, got ${describe(value)}`, { path: "/budget" });
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!BUDGET_FIELDS.has(key)) {
      issues.add("unknown_field", `unknown field ${quote(key)} in budget`, { path: pointer("budget", key) });
      ok = false;
    }
  }
  const budget: GraphBudget = {};
  const cost = ownValue(value, "maxCostUsd");
  if (cost !== undefined) {
    if (typeof cost !== "number" || !Number.isFinite(cost) || cost < 0 || cost > MAX_COST_USD) {
      issues.add("bad_field", `budget.maxCostUsd must be a number from 0 to ${MAX_COST_USD}`, {
        path: "/budget/maxCostUsd",
      });
      ok = false;
    } else budget.maxCostUsd = cost;
  }
  const tokens = ownValue(value, "maxTokens");
  if (tokens !== undefined) {
    if (typeof tokens !== "number" || !Number.isSafeInteger(tokens) || tokens < 0 || tokens > MAX_TOKENS) {
      issues.add("bad_field", `budget.maxTokens must be a whole number from 0 to ${MAX_TOKENS}`, {
        path: "/budget/maxTokens",
      });
      ok = false;
    } else budget.maxTokens = tokens;
  }
  if (ok && cost === undefined && tokens === undefined) {
    issues.add("bad_field", "budget needs maxCostUsd, maxTokens or both", { path: "/budget" });
    ok = false;
  }
  return ok ? budget : undefined;
}
