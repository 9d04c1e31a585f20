// onBudgetExceeded "approval" on an llm node: when the graph's budget refuses a call, the node waits for a person
// to raise it (the approve data carries the new limit) instead of failing. The wait and the decision are an
// approval's (waitNode, decideNode); the raise is applied by the LLM executor before it reserves again.
import type { NodeError } from "../domain/events.js";
import type { GraphBudget } from "../domain/graph-budget.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { Decision } from "../domain/state.js";
import type { GraphStore } from "../store/graph-store.js";
import type { ResultOutcome } from "../store/script-outcomes.js";
import { NodeExecutionError } from "./executor.js";

export const waitsForBudgetRaise = (node: ResolvedNode): boolean =>
  node.type !== "approval" && node.onBudgetExceeded === "approval";

/** Only the graph's own budget can be raised by a person; a tenant's is the operator's setting. */
export function asksForRaise(node: ResolvedNode, error: NodeError): boolean {
  return waitsForBudgetRaise(node) && error.code === "budget_exceeded" && error.details?.budget === "graph";
}

/** The raise an approved decision carries; a rejection fails the node for good. */
export function budgetRaiseOf(decision: Decision): GraphBudget {
  if (!decision.approved) {
    const why = decision.comment ? `: ${decision.comment}` : "";
    throw new NodeExecutionError(
      "budget_exceeded",
      `the graph's budget is exceeded and ${decision.by} refused to raise it${why}`,
      { retryable: false },
    );
  }
  const data = (decision.data ?? {}) as GraphBudget;
  const raise: GraphBudget = {};
  if (typeof data.maxCostUsd === "number") raise.maxCostUsd = data.maxCostUsd;
  if (typeof data.maxTokens === "number") raise.maxTokens = data.maxTokens;
  return raise;
}

export function waitForRaise(
  engine: GraphStore,
  attempt: { graphId: string; nodeId: string; attempt: number },
  error: NodeError,
): Promise<ResultOutcome> {
  const prompt =
    `${error.message}. Approve with data {"maxCostUsd": <new limit in USD>} and/or {"maxTokens": <new limit>} ` +
    "to raise the graph's budget and make the call; reject to fail the node.";
  return engine.awaitDecision(attempt.graphId, attempt.nodeId, attempt.attempt, {
    prompt,
    timeoutMs: 0,
    onTimeout: "fail",
  });
}
