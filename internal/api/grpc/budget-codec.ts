// A graph's budget <-> its messages: the spec's limits (GraphBudget) and where the budget stands (BudgetAccount).
import type { BudgetAccount } from "../../domain/graph-budget.js";
import type {
  BudgetAccount__Output,
  BudgetAccount as BudgetAccountMessage,
} from "./generated/dago/v1/BudgetAccount.js";
import type {
  GraphBudget__Output,
  GraphBudget as GraphBudgetMessage,
} from "./generated/dago/v1/GraphBudget.js";

type Json = Record<string, unknown>;

/** A spec's `budget` as sent by a client; a field of the wrong type is refused here, before it is sent. */
export function graphBudgetToProto(budget: Json): GraphBudgetMessage {
  const out: GraphBudgetMessage = {};
  for (const [key, value] of Object.entries(budget)) {
    if (key === "maxCostUsd" && typeof value === "number") out.maxCostUsd = value;
    else if (key === "maxTokens" && Number.isSafeInteger(value)) out.maxTokens = String(value);
    else throw new TypeError(`budget.${key} cannot be sent as a GraphBudget message`);
  }
  return out;
}

export function graphBudgetFromProto(budget: GraphBudget__Output): Json {
  const out: Json = {};
  if (budget.maxCostUsd !== undefined) out.maxCostUsd = budget.maxCostUsd;
  if (budget.maxTokens !== undefined) out.maxTokens = Number(budget.maxTokens);
  return out;
}

export function budgetAccountToProto(account: BudgetAccount): BudgetAccountMessage {
  const out: BudgetAccountMessage = {
    spentCostUsd: account.spentCostUsd,
    spentTokens: String(account.spentTokens),
    reservedCostUsd: account.reservedCostUsd,
    reservedTokens: String(account.reservedTokens),
  };
  if (account.maxCostUsd !== undefined) out.maxCostUsd = account.maxCostUsd;
  if (account.maxTokens !== undefined) out.maxTokens = String(account.maxTokens);
  return out;
}

export function budgetAccountFromProto(account: BudgetAccount__Output): BudgetAccount {
  const out: BudgetAccount = {
    spentCostUsd: account.spentCostUsd ?? 0,
    spentTokens: Number(account.spentTokens ?? 0),
    reservedCostUsd: account.reservedCostUsd ?? 0,
    reservedTokens: Number(account.reservedTokens ?? 0),
  };
  if (account.maxCostUsd !== undefined) out.maxCostUsd = account.maxCostUsd;
  if (account.maxTokens !== undefined) out.maxTokens = Number(account.maxTokens);
  return out;
}
