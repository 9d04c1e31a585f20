// The worker's part in an approval node. Taken the first time, it renders the prompt and hands the node to the
// engine to wait (no slot, no lease held while a person thinks). Taken again after a decision, it turns the
// decision into the node's result: the ordinary completion or failure, so a map's child or a loop's iteration
// that asks a person ends like any other.
import { type DecisionOutput, decisionOutput } from "../domain/decision.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { Decision } from "../domain/state.js";
import type { GraphStore } from "../store/graph-store.js";
import type { ResultOutcome } from "../store/script-outcomes.js";
import { NodeExecutionError } from "./executor.js";

export interface ApprovalAttempt {
  graphId: string;
  nodeId: string;
  attempt: number;
  engine: GraphStore;
}

export type ApprovalStep = { waited: ResultOutcome } | { output: DecisionOutput };

export async function approvalStep(
  attempt: ApprovalAttempt,
  node: ResolvedNode,
  render: (text: string) => string,
  maxPromptBytes: number,
): Promise<ApprovalStep> {
  const decision = await attempt.engine.nodeDecision(attempt.graphId, attempt.nodeId);
  if (decision) return { output: applyDecision(node, decision) };
  const prompt = render(String(node.prompt ?? ""));
  const bytes = Buffer.byteLength(prompt);
  if (bytes > maxPromptBytes) {
    throw new NodeExecutionError(
      "prompt_too_large",
      `the rendered prompt is ${bytes} bytes; the limit is ${maxPromptBytes}`,
      { retryable: false },
    );
  }
  const waited = await attempt.engine.awaitDecision(attempt.graphId, attempt.nodeId, attempt.attempt, {
    prompt,
    timeoutMs: node.decisionTimeoutMs ?? 0,
    onTimeout: node.onTimeout ?? "fail",
  });
  return { waited };
}

/** An approval, or a rejection the node continues after (`onReject: "continue"`), is its output. */
function applyDecision(node: ResolvedNode, decision: Decision): DecisionOutput {
  if (decision.approved || node.onReject === "continue") return decisionOutput(decision);
  const why = decision.comment ? `: ${decision.comment}` : "";
  const message = decision.timedOut
    ? `nobody decided in time, and onTimeout is "reject"${why}`
    : `rejected by ${decision.by}${why}`;
  throw new NodeExecutionError("rejected", message, { retryable: false });
}
