// What a person's decision on a waiting node becomes: the node's output, or its failure when it was rejected.
import type { Decision } from "./state.js";

/** The output of an approval node: the decision as its dependents read it (`{{nodes.review.output.data}}`). */
export interface DecisionOutput {
  approved: boolean;
  data: unknown;
  comment: string | null;
  by: string;
  at: number;
}

export function decisionOutput(decision: Decision): DecisionOutput {
  return {
    approved: decision.approved,
    data: decision.data ?? null,
    comment: decision.comment ?? null,
    by: decision.by,
    at: decision.at,
  };
}
