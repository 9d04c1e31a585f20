// Runs a `loop`: its first iteration is added when the loop starts; each iteration's completion then either adds
// the next one (a patch in the same step) or, once `until` holds on its output or the bound is reached, ends the
// loop with that output plus `iterations` and `exhausted`. Iterations run one at a time, `<loop>[0]`, `[1]`...
import { evaluateCondition, parseCondition } from "../domain/condition.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import { type ConditionScope, isPlainObject } from "../domain/path.js";
import type { AttemptAccounting } from "../domain/usage.js";
import type {
  CompletionExtra,
  CompletionOutcome,
  GraphStore,
  HandoffOffer,
  PatchToApply,
} from "../store/graph-store.js";
import { addEngineNodes } from "./engine-added-nodes.js";
import { NodeExecutionError } from "./executor.js";
import type { MapAttempt } from "./map-expansion.js";
import type { PatchValidationLimits } from "./patched-completion.js";

function iterationId(loopId: string, index: number): string {
  return `${loopId}[${index}]`;
}

/** The first iteration: the loop's template under its id, carrying the loop's condition and bound. */
export function firstIteration(loop: ResolvedNode): ResolvedNode {
  const iteration: ResolvedNode = {
    ...(loop.node as ResolvedNode),
    id: iterationId(loop.id, 0),
    dependsOn: [],
    parent: loop.id,
    index: 0,
    maxIterations: loop.maxIterations as number,
    refs: [...loop.refs],
  };
  if (loop.until !== undefined) iteration.until = loop.until;
  return iteration;
}

/** The iteration after `current`: it depends on it and reads its output as `last`. */
export function nextIteration(current: ResolvedNode): ResolvedNode {
  const index = (current.index ?? 0) + 1;
  const refs = new Set(current.refs.filter((ref) => ref !== current.previous));
  refs.add(current.id);
  return {
    ...current,
    id: iterationId(current.parent as string, index),
    dependsOn: [current.id],
    index,
    previous: current.id,
    refs: [...refs].sort(),
  };
}

/** The loop's output: the last iteration's (its fields, or itself as `output`) with `iterations` and `exhausted`. */
export function loopOutput(last: unknown, iterations: number, exhausted: boolean): unknown {
  if (isPlainObject(last)) return { ...last, iterations, exhausted };
  return { output: last, iterations, exhausted };
}

/** Adds one iteration of `loop` in the step `apply` runs. */
function addIteration(
  engine: GraphStore,
  graphId: string,
  limits: PatchValidationLimits,
  added: ResolvedNode,
  loop: string,
  apply: (toApply: PatchToApply) => Promise<CompletionOutcome>,
): Promise<CompletionOutcome> {
  const request = {
    graphId,
    added: [added],
    source: "loop" as const,
    by: loop,
    tooMany: () =>
      new NodeExecutionError(
        "loop_too_many_nodes",
        `another iteration would exceed DAGO_MAX_NODES (${limits.maxNodes})`,
        {
          retryable: false,
        },
      ),
  };
  return addEngineNodes(engine, request, limits, apply);
}

/** Starts a loop: adds its first iteration in the loop's own step. */
export function expandLoop(
  engine: GraphStore,
  run: MapAttempt,
  loop: ResolvedNode,
  limits: PatchValidationLimits,
): Promise<CompletionOutcome> {
  const first = firstIteration(loop);
  return addIteration(engine, run.graphId, limits, first, loop.id, (toApply) =>
    engine.expandNode(run.graphId, run.nodeId, run.attempt, 1, toApply),
  );
}

export interface IterationResult {
  output: unknown;
  outputJson: string;
  accounting?: AttemptAccounting;
  handoff?: () => HandoffOffer | undefined;
}

/** Completes an iteration: with the next one added, or with the loop's end. */
export function completeIteration(
  engine: GraphStore,
  run: MapAttempt,
  iteration: ResolvedNode,
  scope: ConditionScope,
  result: IterationResult,
  limits: PatchValidationLimits,
): Promise<CompletionOutcome> {
  const iterations = (iteration.index ?? 0) + 1;
  let done = false;
  if (iteration.until !== undefined) {
    const parsed = parseCondition(iteration.until);
    done = parsed.ok && evaluateCondition(parsed.condition, { ...scope, last: { output: result.output } });
  }
  const complete = (extra: CompletionExtra) =>
    engine.completeNode(
      run.graphId,
      run.nodeId,
      run.attempt,
      result.outputJson,
      result.accounting,
      result.handoff?.(),
      extra,
    );
  if (done || iterations >= (iteration.maxIterations ?? 1)) {
    const output = loopOutput(result.output, iterations, !done);
    return complete({ loopOutput: JSON.stringify(output) });
  }
  return addIteration(
    engine,
    run.graphId,
    limits,
    nextIteration(iteration),
    iteration.parent as string,
    (patch) => complete({ patch }),
  );
}
