// The plug-in contract: a node's `type` picks an executor. Built-ins (llm, noop) ship with every worker; users
// register their own through the worker SDK in pkg/.
import type { NodeError } from "../domain/events.js";
import type { GraphBudget } from "../domain/graph-budget.js";
import type { GraphPatchSpec, PatchSource } from "../domain/graph-patch.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { AttemptAccounting } from "../domain/usage.js";
import type { Logger } from "../observability/logger.js";

export interface ExecutionContext {
  graphId: string;
  /** The tenant that owns the graph (for labels; access was checked when the graph was submitted). */
  tenantId: string;
  nodeId: string;
  attempt: number;
  /** The node as validated, with defaults applied; custom fields of custom types included. */
  node: ResolvedNode;
  /** The graph's budget, when its spec has one (LLM calls reserve against it). */
  budget?: GraphBudget;
  /**
   * Limits a person approved for the graph's budget after this node found it exceeded (onBudgetExceeded
   * "approval"): the executor applies the raise before it reserves again.
   */
  budgetRaise?: GraphBudget;
  /** The graph's input. */
  input: Record<string, unknown>;
  /** Outputs of the upstream nodes this node's templates and condition name. */
  upstream: Record<string, unknown>;
  /** Renders a `{{input.x}}` / `{{nodes.<id>.output}}` template against this node's scope. */
  render(template: string): string;
  /**
   * Streams partial output (an LLM's token deltas) to the graph's live subscribers. Ephemeral: not stored, batched
   * before publishing, and never fails the node; the returned output stays the node's result.
   */
  emitOutput(text: string): void;
  /**
   * Records what this attempt consumed (tokens, cost, model). Calls add up; the total is stored on the node with
   * the attempt's result, failures included.
   */
  recordUsage(accounting: AttemptAccounting): void;
  /**
   * The error the node's previous attempt failed with, read from the node's stored state (undefined on a first
   * attempt, or when it cannot be read). A read on demand: only executors that learn from a failure pay for it.
   */
  previousError?(): Promise<NodeError | undefined>;
  /** Aborted when the graph is cancelled, the attempt times out or its lease is lost. */
  signal: AbortSignal;
  logger: Logger;
}

export interface Executor {
  readonly type: string;
  /**
   * Returns the node's output: any JSON-serialisable value, or `withPatch(output, patch)` to edit the graph in the
   * same step as the completion. Throw NodeExecutionError to control retries.
   */
  execute(context: ExecutionContext): Promise<unknown>;
}

// A registered symbol: an executor built against another copy of the SDK still marks its results the same way.
const PATCHED_OUTPUT = Symbol.for("dago.patchedOutput");

/** An executor's result that also edits its graph (see withPatch). */
export interface PatchedOutput {
  readonly [PATCHED_OUTPUT]: true;
  readonly output: unknown;
  readonly patch: GraphPatchSpec;
  /** How the GraphPatched event records the patch's origin; "executor" when absent. */
  readonly source?: PatchSource;
}

/**
 * The result of an executor that edits its own graph: `output` is the node's output and `patch` (nodes to add,
 * dependencies to add to pending nodes, nodes to remove, as in POST /api/v1/graphs/{id}/patches) is applied in
 * the same atomic step as the completion, so no dependent can become ready between the two. A patch that does not
 * fit the graph fails the attempt with `invalid_patch`.
 */
export function withPatch(output: unknown, patch: GraphPatchSpec): PatchedOutput {
  return { [PATCHED_OUTPUT]: true, output, patch };
}

/** A built-in executor's patch, recorded under a source of its own (the llm planner's is "planner"). */
export function withPatchFrom(source: PatchSource, output: unknown, patch: GraphPatchSpec): PatchedOutput {
  return { [PATCHED_OUTPUT]: true, output, patch, source };
}

export function isPatchedOutput(value: unknown): value is PatchedOutput {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PATCHED_OUTPUT] === true
  );
}

export interface NodeExecutionErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  /** The least delay before the next attempt, e.g. a provider's Retry-After. */
  retryAfterMs?: number;
  /**
   * The attempt did no work (a circuit breaker was open, a provider had no capacity): the retry does not spend
   * the node's retry budget, up to a bounded number of deferrals.
   */
  defer?: boolean;
  /** Machine-readable facts about the failure, recorded on the node's error (a budget's numbers). */
  details?: Record<string, unknown>;
}

/** An executor's failure. `retryable: false` fails the node at once, whatever its retry policy. */
export class NodeExecutionError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly defer: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: NodeExecutionErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "NodeExecutionError";
    this.code = code;
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.defer = options.defer ?? false;
    this.details = options.details;
  }
}
