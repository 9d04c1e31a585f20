// Runs one started node: evaluates `when`, renders templates, calls the executor under the node's timeout and
// the attempt's abort signal, and reports the outcome through the engine (which fences stale attempts).
import { evaluateCondition, parseCondition } from "../domain/condition.js";
import type { NodeError } from "../domain/events.js";
import { emptyRecord } from "../domain/fold.js";
import type { GraphBudget } from "../domain/graph-budget.js";
import type { ConditionScope } from "../domain/path.js";
import { parseTemplate, renderTemplate } from "../domain/template.js";
import { type AttemptAccounting, addCost, addUsage } from "../domain/usage.js";
import { wellFormed } from "../domain/well-formed-text.js";
import type { Logger } from "../observability/logger.js";
import type {
  FailureOptions,
  GraphStore,
  HandedOffNode,
  HandoffOffer,
  StartedNode,
} from "../store/graph-store.js";
import { approvalStep } from "./approval-step.js";
import { asksForRaise, budgetRaiseOf, waitForRaise, waitsForBudgetRaise } from "./budget-wait.js";
import { isPatchedOutput, NodeExecutionError } from "./executor.js";
import type { ExecutorRegistry } from "./executor-registry.js";
import { completeIteration, expandLoop } from "./loop-iteration.js";
import { expandMap } from "./map-expansion.js";
import { normalizeError, retryHints } from "./normalize-error.js";
import {
  type DeltaPublisherOptions,
  OutputDeltaPublisher,
  type PublishFn,
} from "./output-delta-publisher.js";
import { completeWithPatch, type PatchValidationLimits } from "./patched-completion.js";

export interface RunningAttempt {
  graphId: string;
  nodeId: string;
  attempt: number;
  /**
   * Set once the engine confirmed the start. Only then is the lease this worker's to renew: a start still on
   * its way (on another connection) is not yet running, and a heartbeat would call the attempt lost.
   */
  started: boolean;
  /** The engine (Redis connection) this attempt reports through. */
  engine: GraphStore;
  /**
   * When the slot this attempt runs in last came from a ready stream (performance.now()): handed-off attempts
   * inherit it, so a worker can tell how long a slot has been passing straight from node to node.
   */
  runStartedAt: number;
  controller: AbortController;
  /** Set when the engine already decided this attempt's fate (cancel, server-side timeout, lost lease). */
  abandoned: boolean;
}

export interface RunResult {
  outcome: RunOutcome;
  type: string;
  graphStatus?: string;
  /** Dependents the completion started on this worker: they are its to run now. */
  handedOff?: HandedOffNode[];
}

/**
 * `expanded`: a map added its children and now waits for them, holding no slot. `waiting`: an approval now
 * waits for a person, likewise.
 */
export type RunOutcome =
  | "succeeded"
  | "expanded"
  | "waiting"
  | "failed"
  | "retrying"
  | "skipped"
  | "abandoned"
  | "refused";

export interface NodeRunnerOptions {
  maxOutputBytes: number;
  /** What a patch an executor returns is held to (the API's limits on graphs and patches). */
  patchLimits: PatchValidationLimits;
  /** Publishes an encoded OutputDelta on the deltas channel; without it, emitted output goes nowhere. */
  publishDelta?: PublishFn;
  deltas?: DeltaPublisherOptions;
}

export class NodeRunner {
  constructor(
    private readonly registry: ExecutorRegistry,
    private readonly logger: Logger,
    private readonly options: NodeRunnerOptions,
  ) {}

  async run(
    attempt: RunningAttempt,
    started: StartedNode,
    input: Record<string, unknown>,
    tenantId: string,
    handoff?: () => HandoffOffer | undefined,
    budget?: GraphBudget,
  ): Promise<RunResult> {
    const { node, refs } = started;
    const log = this.logger.child({
      graphId: attempt.graphId,
      nodeId: attempt.nodeId,
      attempt: attempt.attempt,
    });
    const scope: ConditionScope = { input, nodes: refs };
    if (node.parent !== undefined) {
      if (node.item !== undefined) scope.item = node.item;
      if (node.index !== undefined) scope.index = node.index;
      if (node.previous !== undefined) scope.last = { output: refs[node.previous]?.output ?? null };
    }
    const upstream = emptyRecord<unknown>();
    for (const [nodeId, ref] of Object.entries(refs)) upstream[nodeId] = ref.output;

    if (node.when !== undefined) {
      const parsed = parseCondition(node.when);
      if (parsed.ok && !evaluateCondition(parsed.condition, scope)) {
        const result = await attempt.engine.skipNode(attempt.graphId, attempt.nodeId, attempt.attempt);
        return { outcome: result.applied ? "skipped" : "refused", type: node.type, ...graphStatusOf(result) };
      }
    }

    const timer = setTimeout(() => {
      attempt.controller.abort(
        new NodeExecutionError("timeout", `attempt exceeded timeoutMs=${node.timeoutMs}`),
      );
    }, node.timeoutMs);
    const publish = this.options.publishDelta;
    const deltas = publish
      ? new OutputDeltaPublisher(
          publish,
          { graphId: attempt.graphId, tenantId, nodeId: attempt.nodeId, attempt: attempt.attempt },
          log,
          this.options.deltas,
        )
      : undefined;
    let accounting: AttemptAccounting | undefined;
    let error: NodeError;
    let hints: FailureOptions = {};
    try {
      if (node.type === "map" || node.type === "loop") {
        const expanded =
          node.type === "map"
            ? await expandMap(attempt.engine, attempt, node, scope, this.options.patchLimits)
            : await expandLoop(attempt.engine, attempt, node, this.options.patchLimits);
        clearTimeout(timer);
        await deltas?.close();
        if (!expanded.applied) return { outcome: "refused", type: node.type };
        return {
          outcome: "expanded",
          type: node.type,
          graphStatus: expanded.graphStatus,
          handedOff: expanded.handedOff,
        };
      }
      const render = (text: string): string => {
        const parsed = parseTemplate(text);
        if (!parsed.ok) throw new NodeExecutionError("bad_template", parsed.message, { retryable: false });
        return renderTemplate(parsed.template, scope);
      };
      let decided: unknown;
      if (node.type === "approval") {
        const step = await approvalStep(attempt, node, render, this.options.maxOutputBytes);
        if ("waited" in step) {
          clearTimeout(timer);
          await deltas?.close();
          return step.waited.applied
            ? { outcome: "waiting", type: node.type, graphStatus: step.waited.graphStatus }
            : { outcome: "refused", type: node.type };
        }
        decided = step.output;
      }
      // A raise a person approved after this node found the graph's budget exceeded.
      const decision = waitsForBudgetRaise(node)
        ? await attempt.engine.nodeDecision(attempt.graphId, attempt.nodeId)
        : undefined;
      const budgetRaise = decision ? budgetRaiseOf(decision) : undefined;
      const executor = node.type === "approval" ? undefined : this.registry.get(node.type);
      if (!executor && node.type !== "approval") {
        throw new NodeExecutionError("no_executor", `this worker has no executor for type "${node.type}"`, {
          retryable: true,
        });
      }
      const result = !executor
        ? decided
        : await executor.execute({
            graphId: attempt.graphId,
            tenantId,
            nodeId: attempt.nodeId,
            attempt: attempt.attempt,
            node,
            ...(budget ? { budget } : {}),
            ...(budgetRaise ? { budgetRaise } : {}),
            input,
            upstream,
            render,
            emitOutput: (text) => deltas?.push(text),
            recordUsage: (report) => {
              accounting = mergeAccounting(accounting, cleanAccounting(report));
            },
            ...(attempt.attempt > 1 ? { previousError: () => previousError(attempt, log) } : {}),
            signal: attempt.controller.signal,
            logger: log,
          });
      attempt.controller.signal.throwIfAborted();
      const patched = isPatchedOutput(result) ? result : undefined;
      const json = encodeOutput(patched ? patched.output : result, this.options.maxOutputBytes);
      clearTimeout(timer);
      await deltas?.close();
      if (attempt.abandoned) return { outcome: "abandoned", type: node.type };
      const iterates = node.parent !== undefined && node.maxIterations !== undefined;
      if (iterates && patched) {
        throw new NodeExecutionError(
          "invalid_patch",
          "a loop's iteration cannot patch the graph; its loop adds the next one",
          {
            retryable: false,
          },
        );
      }
      const completion = iterates
        ? await completeIteration(
            attempt.engine,
            attempt,
            node,
            scope,
            {
              output: result,
              outputJson: json,
              ...(accounting ? { accounting } : {}),
              ...(handoff ? { handoff } : {}),
            },
            this.options.patchLimits,
          )
        : patched
          ? await completeWithPatch(
              attempt.engine,
              {
                graphId: attempt.graphId,
                nodeId: attempt.nodeId,
                attempt: attempt.attempt,
                outputJson: json,
                ...(accounting ? { accounting } : {}),
                ...(handoff ? { handoff } : {}),
                patch: patched.patch,
                source: patched.source ?? "executor",
              },
              this.options.patchLimits,
            )
          : await attempt.engine.completeNode(
              attempt.graphId,
              attempt.nodeId,
              attempt.attempt,
              json,
              accounting,
              handoff?.(),
            );
      if (!completion.applied) return { outcome: "refused", type: node.type };
      return {
        outcome: "succeeded",
        type: node.type,
        graphStatus: completion.graphStatus,
        handedOff: completion.handedOff,
      };
    } catch (err) {
      clearTimeout(timer);
      await deltas?.close();
      const reason = attempt.controller.signal.aborted ? attempt.controller.signal.reason : err;
      error = normalizeError(reason);
      hints = retryHints(reason);
      if (attempt.abandoned) return { outcome: "abandoned", type: node.type };
      if (asksForRaise(node, error)) {
        const waited = await waitForRaise(attempt.engine, attempt, error);
        return waited.applied
          ? { outcome: "waiting", type: node.type, graphStatus: waited.graphStatus }
          : { outcome: "refused", type: node.type };
      }
      log.warn("node attempt failed", {
        code: error.code,
        message: error.message,
        retryable: error.retryable,
        ...hints,
      });
    }
    if (accounting) hints.accounting = accounting;
    const result = await attempt.engine.failNode(
      attempt.graphId,
      attempt.nodeId,
      attempt.attempt,
      error,
      hints,
    );
    if (!result.applied) return { outcome: "refused", type: node.type };
    const outcome = result.nodeStatus === "retrying" ? "retrying" : "failed";
    return { outcome, type: node.type, graphStatus: result.graphStatus };
  }
}

async function previousError(attempt: RunningAttempt, log: Logger): Promise<NodeError | undefined> {
  try {
    return await attempt.engine.nodeError(attempt.graphId, attempt.nodeId);
  } catch (err) {
    log.warn("could not read the previous attempt's error", { err });
    return undefined;
  }
}

/** Executors are plug-ins: what they report is coerced to the shape the engine scripts and the fold expect. */
function cleanAccounting(report: AttemptAccounting): AttemptAccounting {
  const count = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x > 0 ? Math.round(x) : 0);
  const usage = report.usage ?? {};
  const cost = report.costUsd;
  const clean: AttemptAccounting = {
    // Well-formed after the cut: Redis refuses accounting JSON that holds an unpaired surrogate.
    provider: wellFormed(String(report.provider ?? "unknown").slice(0, 64)),
    model: wellFormed(String(report.model ?? "unknown").slice(0, 200)),
    usage: {
      inputTokens: count(usage.inputTokens),
      outputTokens: count(usage.outputTokens),
      cacheReadTokens: count(usage.cacheReadTokens),
      cacheWriteTokens: count(usage.cacheWriteTokens),
    },
    costUsd: typeof cost === "number" && Number.isFinite(cost) && cost > 0 ? addCost(0, cost) : 0,
  };
  if (typeof report.cacheHit === "boolean") clean.cacheHit = report.cacheHit;
  return clean;
}

/** Several usage reports of one attempt add up; the last one names the model and provider. */
function mergeAccounting(total: AttemptAccounting | undefined, report: AttemptAccounting): AttemptAccounting {
  if (!total) return { ...report, usage: { ...report.usage } };
  const merged: AttemptAccounting = {
    provider: report.provider,
    model: report.model,
    usage: addUsage(total.usage, report.usage),
    costUsd: addCost(total.costUsd, report.costUsd),
  };
  const cacheHit = report.cacheHit ?? total.cacheHit;
  if (cacheHit !== undefined) merged.cacheHit = cacheHit;
  return merged;
}

function graphStatusOf(result: { applied: boolean; graphStatus?: string }): { graphStatus?: string } {
  return result.applied && result.graphStatus ? { graphStatus: result.graphStatus } : {};
}

function encodeOutput(output: unknown, maxBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(output === undefined ? null : output);
  } catch (cause) {
    throw new NodeExecutionError("output_not_json", "the node's output cannot be encoded as JSON", {
      retryable: false,
      cause,
    });
  }
  if (json === undefined) json = "null";
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) {
    throw new NodeExecutionError("output_too_large", `output is ${bytes} bytes; the limit is ${maxBytes}`, {
      retryable: false,
    });
  }
  return json;
}
