// Per-tenant spend limits on LLM calls per UTC period, shared by every worker through Redis (reservations: see
// internal/store/llm/budget-gate.ts). Unset limits are no limits.
import type { EnvReader } from "./env-reader.js";
import { integer, oneOf, parsedBy } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

export interface TenantBudgetConfig {
  /** USD each tenant's LLM calls may cost per period; undefined = no limit. */
  readonly maxCostUsd: number | undefined;
  /** Tokens each tenant's LLM calls may use per period; undefined = no limit. */
  readonly maxTokens: number | undefined;
  readonly period: "day" | "month";
}

const USD = /^(0|[1-9][0-9]{0,4})(\.[0-9]{1,9})?$/;

export const budgetVariables = {
  maxCostUsd: envVariable({
    name: "DAGO_TENANT_BUDGET_USD",
    default: "unset (no limit)",
    description:
      "USD each tenant's LLM calls may cost per DAGO_TENANT_BUDGET_PERIOD; a call that does not fit fails with budget_exceeded.",
    schema: parsedBy((text) =>
      USD.test(text) ? { value: Number(text) } : { expected: "a decimal number of USD, such as 25 or 0.50" },
    ),
  }),
  maxTokens: envVariable({
    name: "DAGO_TENANT_BUDGET_TOKENS",
    default: "unset (no limit)",
    description:
      "Tokens (input, output and cache) each tenant's LLM calls may use per DAGO_TENANT_BUDGET_PERIOD.",
    schema: integer(0, 1_000_000_000_000),
  }),
  period: defaultedVariable({
    name: "DAGO_TENANT_BUDGET_PERIOD",
    fallback: "month" as "day" | "month",
    default: "month",
    description: "The UTC period a tenant budget counts over: day or month.",
    schema: oneOf(["day", "month"] as const),
  }),
} as const;

const v = budgetVariables;

export function loadTenantBudget(r: EnvReader): TenantBudgetConfig {
  return { maxCostUsd: r.read(v.maxCostUsd), maxTokens: r.read(v.maxTokens), period: r.value(v.period) };
}
