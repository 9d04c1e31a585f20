import type { ResolvedGraph, RetryPolicy } from "./graph-spec.js";

/** One problem with a submitted graph. `nodeId` names the node concerned, `path` the field (JSON-pointer-like). */
export interface ValidationIssue {
  code: ValidationCode | PatchValidationCode;
  message: string;
  nodeId?: string;
  path?: string;
  /** For `cycle`: the node ids along the cycle, first repeated at the end. */
  cycle?: string[];
  /** For `unknown_type`: the built-in type the client most likely meant. */
  suggestion?: string;
}

/** What validation knows of the deployment beyond the spec; without it, only the spec itself is checked. */
export interface ValidationContext {
  /**
   * Node types some registered worker serves. When given, a type one slip away from a built-in one that no
   * worker serves is refused as `unknown_type`; a worker's own type of that name (`llm2`) stays accepted.
   */
  servedTypes?: ReadonlySet<string>;
  /** Accept the ids the engine gives map children and loop iterations (`sections[2]`): for existing nodes only. */
  generatedIds?: boolean;
}

export const VALIDATION_CODES = [
  "not_an_object",
  "missing_field",
  "bad_field",
  "unknown_field",
  "bad_node_id",
  "duplicate_node_id",
  "unknown_dependency",
  "self_dependency",
  "duplicate_dependency",
  "cycle",
  "bad_template",
  "bad_condition",
  "non_upstream_reference",
  "unknown_input",
  "too_many_nodes",
  "too_many_edges",
  "too_large",
  "unknown_type",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Problems only a patch can have: they concern what the graph has already done. */
export const PATCH_VALIDATION_CODES = [
  "unknown_node",
  "node_already_started",
  "node_still_needed",
  "container_child",
  "too_many_patches",
] as const;
export type PatchValidationCode = (typeof PATCH_VALIDATION_CODES)[number];

export interface ValidationLimits {
  maxNodes: number;
  maxEdges: number;
  /** Longest prompt/system/template text in bytes. */
  maxTextBytes: number;
  defaultTimeoutMs: number;
  /** How long a node that sets none may wait ready for a worker (DAGO_SCHEDULE_TO_START_TIMEOUT_MS; 0 = forever). */
  defaultScheduleTimeoutMs: number;
  defaultRetry: RetryPolicy;
  /** The most items a map may set in maxItems (DAGO_MAP_MAX_ITEMS). */
  maxMapItems: number;
  /** A map's maxItems when it sets none (DAGO_MAP_DEFAULT_MAX_ITEMS, at most maxMapItems). */
  defaultMapItems: number;
  /** The most iterations a loop may set in maxIterations (DAGO_LOOP_MAX_ITERATIONS). */
  maxLoopIterations: number;
}

/**
 * An hour: a busy pool may legitimately queue a node for many minutes, so this is far from a queueing limit; it
 * only ends a graph that no worker can run instead of leaving it waiting forever.
 */
export const DEFAULT_SCHEDULE_TIMEOUT_MS = 3_600_000;

export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = {
  maxNodes: 10_000,
  maxEdges: 100_000,
  maxTextBytes: 256 * 1024,
  defaultTimeoutMs: 60_000,
  defaultScheduleTimeoutMs: DEFAULT_SCHEDULE_TIMEOUT_MS,
  defaultRetry: { maxAttempts: 3, backoffMs: 500, maxBackoffMs: 30_000 },
  maxMapItems: 1000,
  defaultMapItems: 100,
  maxLoopIterations: 100,
};

export type ValidationResult =
  | { valid: true; errors: []; levels: string[][]; graph: ResolvedGraph }
  | { valid: false; errors: ValidationIssue[]; levels: string[][] };
