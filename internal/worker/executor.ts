// The plug-in contract: a node's `type` picks an executor. Built-ins (llm, noop) ship with every worker; users
// register their own through the worker SDK in pkg/.
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
  /** Aborted when the graph is cancelled, the attempt times out or its lease is lost. */
  signal: AbortSignal;
  logger: Logger;
}

export interface Executor {
  readonly type: string;
  /** Returns the node's output: any JSON-serialisable value. Throw NodeExecutionError to control retries. */
  execute(context: ExecutionContext): Promise<unknown>;
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
}

/** An executor's failure. `retryable: false` fails the node at once, whatever its retry policy. */
export class NodeExecutionError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly defer: boolean;

  constructor(code: string, message: string, options: NodeExecutionErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "NodeExecutionError";
    this.code = code;
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.defer = options.defer ?? false;
  }
}
