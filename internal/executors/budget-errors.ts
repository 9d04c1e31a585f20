// The two ways a budget stops an LLM call before it is made. Both are final for the node: another attempt would
// meet the same budget (a raise is a later feature, which will branch on BudgetExceededError's refusal).
import type { BudgetRefusal } from "../store/llm/budget-gate.js";
import { NodeExecutionError } from "../worker/executor.js";

export class BudgetExceededError extends NodeExecutionError {
  constructor(readonly refusal: BudgetRefusal) {
    const unit = refusal.measure === "costUsd" ? " USD" : " tokens";
    const n = (value: number) => `${refusal.measure === "costUsd" ? round(value) : value}${unit}`;
    const which =
      refusal.budget === "graph" ? "the graph's budget" : `the tenant's budget for ${refusal.period}`;
    super(
      "budget_exceeded",
      `this call would exceed ${which}: limit ${n(refusal.limit)}, spent ${n(refusal.spent)}, reserved by ` +
        `calls in flight ${n(refusal.reserved)}, this call needs up to ${n(refusal.needed)}`,
      { retryable: false, details: { ...refusal } },
    );
    this.name = "BudgetExceededError";
  }
}

/** A cost budget applies but the model has no price: its spend could not be bounded, so the call is not made. */
export function priceUnknown(model: string): NodeExecutionError {
  return new NodeExecutionError(
    "budget_price_unknown",
    `no price is known for model "${model}" and a cost budget applies, so its spend cannot be bounded; ` +
      "add the model to LLM_PRICES",
    { retryable: false, details: { model } },
  );
}

/** The budget could not be reserved (Redis unreachable): no call is made; another attempt may find it back. */
export function budgetUnavailable(cause: unknown): NodeExecutionError {
  return new NodeExecutionError(
    "budget_unavailable",
    `the budget could not be reserved, so the call was not made: ${cause instanceof Error ? cause.message : String(cause)}`,
    { retryable: true, cause },
  );
}

function round(usd: number): string {
  return String(Math.round(usd * 1e9) / 1e9);
}
