// Completes an attempt whose executor also edits the graph. The patch is validated against the graph as it stands
// and rides in the completion's own script; if another patch landed in between, it is validated again.
import type { GraphPatchSpec, PatchLimits, PatchSource } from "../domain/graph-patch.js";
import type { AttemptAccounting } from "../domain/usage.js";
import { validatePatch } from "../domain/validate-patch.js";
import type { ValidationIssue, ValidationLimits } from "../domain/validation.js";
import type { CompletionOutcome, GraphStore, HandoffOffer } from "../store/graph-store.js";
import { NodeExecutionError } from "./executor.js";

const MAX_TRIES = 8;
/** Issues quoted in the node's error message; the rest are counted. */
const QUOTED_ISSUES = 5;

export interface PatchedCompletion {
  graphId: string;
  nodeId: string;
  attempt: number;
  outputJson: string;
  accounting?: AttemptAccounting;
  handoff?: () => HandoffOffer | undefined;
  patch: GraphPatchSpec;
  source: PatchSource;
}

export type PatchValidationLimits = ValidationLimits & PatchLimits;

/** One line per issue, as a node error carries them: "cycle at /addDependencies: cycle: a -> b -> a". */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  const quoted = issues
    .slice(0, QUOTED_ISSUES)
    .map((i) => `${i.code}${i.path ? ` at ${i.path}` : ""}: ${i.message}`);
  const more = issues.length - quoted.length;
  return quoted.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

/**
 * A planner's patch that does not fit is the model's mistake: it fails the attempt as a retryable invalid plan,
 * and the next attempt's prompt carries the message. Any other executor's is a bug that retrying cannot fix.
 */
function invalidPatch(source: PatchSource, problem: string): NodeExecutionError {
  if (source === "planner") {
    return new NodeExecutionError("llm_invalid_plan", `the plan ${problem}`, { retryable: true });
  }
  return new NodeExecutionError("invalid_patch", `the node's patch ${problem}`, { retryable: false });
}

export async function completeWithPatch(
  engine: GraphStore,
  completion: PatchedCompletion,
  limits: PatchValidationLimits,
): Promise<CompletionOutcome> {
  const { graphId, nodeId, attempt } = completion;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const base = await engine.patchBase(graphId);
    if (!base) return { applied: false, reason: "graph_gone" };
    const result = validatePatch(completion.patch, base, limits, limits);
    if (!result.valid)
      throw invalidPatch(completion.source, `does not fit the graph: ${describeIssues(result.errors)}`);
    const outcome = await engine.completeNode(
      graphId,
      nodeId,
      attempt,
      completion.outputJson,
      completion.accounting,
      completion.handoff?.(),
      {
        patch: {
          patch: result.patch,
          source: completion.source,
          by: nodeId,
          structureVersion: base.patches,
          order: result.order,
        },
      },
    );
    if (outcome.applied || outcome.reason !== "patch_refused") return outcome;
    if (outcome.refusal.reason === "node_started") {
      const { nodeId: changed, status } = outcome.refusal;
      throw invalidPatch(completion.source, `changes node "${changed}", which is already ${status}`);
    }
  }
  throw new NodeExecutionError(
    "patch_conflict",
    "the graph kept changing structure while the node's patch was applied",
  );
}
