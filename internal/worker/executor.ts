// The plug-in contract: a node's `type` picks an executor. Built-ins (llm, noop) ship with every worker; users
// register their own through the worker SDK in pkg/.
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { Logger } from "../observability/logger.js";

export interface ExecutionContext {
  graphId: string;
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
  /** Aborted when the graph is cancelled, the attempt times out or its lease is lost. */
  signal: AbortSignal;
  logger: Logger;
}

export interface Executor {
  readonly type: string;
  /** Returns the node's output: any JSON-serialisable value. Throw NodeExecutionError to control retries. */
  execute(context: ExecutionContext): Promise<unknown>;
}

/** An executor's failure. `retryable: false` fails the node at once, whatever its retry policy. */
export class NodeExecutionError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "NodeExecutionError";
    this.code = code;
    this.retryable = options.retryable ?? true;
  }
}
