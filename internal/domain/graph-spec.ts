// The graph as a client writes it, and the resolved form the engine stores after validation.
import type { GraphBudget } from "./graph-budget.js";

export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const CAPABILITY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A worker a node may be pinned to: its id (DAGO_WORKER_ID) or its name (DAGO_WORKER_NAME). */
export const WORKER_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** The route part of a node pinned to a worker: only that worker serves it (it offers `worker:<id>` and `worker:<name>`). */
export function workerRoutePart(worker: string): string {
  return `worker:${worker}`;
}
export const BUILTIN_NODE_TYPES = ["llm", "noop", "map", "loop", "approval"] as const;
/** Model providers an `llm` node may name in `provider`. */
export const LLM_PROVIDER_NAMES = ["mock", "anthropic", "openai-compatible"] as const;
export type LlmProviderName = (typeof LLM_PROVIDER_NAMES)[number];

export interface RetryPolicy {
  /** Executions allowed for one node before it fails for good (1 = no retry). */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each further attempt, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface GraphDefaults {
  timeoutMs?: number;
  scheduleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** A node as submitted. Custom node types may carry extra fields, handed to their executor unchanged. */
export interface NodeSpec {
  id: string;
  type: string;
  dependsOn?: string[];
  timeoutMs?: number;
  /** How long the node may wait ready for a worker before it fails with `no_worker` (0 = forever). */
  scheduleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  priority?: number;
  requires?: string[];
  /** Run only on this worker (its id or DAGO_WORKER_NAME). */
  worker?: string;
  when?: string;
  continueOnFailure?: boolean;
  // llm
  prompt?: string;
  system?: string;
  provider?: LlmProviderName;
  model?: string;
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  /** JSON Schema (top-level `type: "object"`): the output is parsed as JSON and must match it. */
  outputSchema?: Record<string, unknown>;
  /** Reuse a stored output of an identical request: true (default TTL) or a TTL in seconds. */
  cache?: boolean | number;
  // approval (`prompt` is what the person is asked; `timeoutMs` how long the node waits for them)
  /** JSON Schema the data of an approval must match. */
  schema?: Record<string, unknown>;
  onTimeout?: "fail" | "approve" | "reject";
  onReject?: "fail" | "continue";
  /** llm: what a call the graph's budget refuses does: fail (default) or wait for a person to raise the budget. */
  onBudgetExceeded?: "fail" | "approval";
  [field: string]: unknown;
}

export interface GraphSpec {
  name: string;
  input?: Record<string, unknown>;
  defaults?: GraphDefaults;
  /** Spend limits of the graph's LLM calls (see graph-budget.ts). */
  budget?: GraphBudget;
  nodes: NodeSpec[];
}

/** A node after validation: every default applied, references resolved. */
export interface ResolvedNode extends NodeSpec {
  dependsOn: string[];
  timeoutMs: number;
  scheduleTimeoutMs: number;
  retry: RetryPolicy;
  priority: number;
  requires: string[];
  continueOnFailure: boolean;
  /** Upstream nodes whose outputs the node's templates or `when` read (ancestors only). */
  refs: string[];
  /** Routing key: the capabilities a worker needs to run this node ("" for any worker). */
  route: string;
  /** approval: how long it waits for a decision (its spec's `timeoutMs`); absent: until someone decides. */
  decisionTimeoutMs?: number;
  /** map: the path of the list, its bound, how many children run at once, and the resolved child template. */
  over?: string;
  maxItems?: number;
  concurrency?: number;
  node?: ResolvedNode;
  /** A map's child or a loop's iteration: the node it belongs to, and its position. */
  parent?: string;
  index?: number;
  /** A map's child: its item. */
  item?: unknown;
  /** A loop: when to stop (a condition on `last`, the iteration just ended) and the most iterations. */
  until?: string;
  maxIterations?: number;
  /** A loop's iteration after the first: the one before it, whose output it reads as `last`. */
  previous?: string;
}

export interface ResolvedGraph {
  name: string;
  input: Record<string, unknown>;
  /** The spec's `defaults`, kept so nodes added later by a patch inherit them too. */
  defaults?: GraphDefaults;
  /** The spec's `budget`, which workers reserve each LLM call against. */
  budget?: GraphBudget;
  /** Nodes in submission order. */
  nodes: ResolvedNode[];
  /** Topological levels: every node's dependencies sit in earlier levels. */
  levels: string[][];
}
