// What validating and submitting a graph answer.
import type { SubmitWarning } from "../domain/route-warnings.js";
import type { ValidationIssue } from "../domain/validation.js";
import type { GraphView } from "./graph-views.js";

export interface ValidateResponse {
  valid: boolean;
  errors: ValidationIssue[];
  levels: string[][];
  /** Nodes no live worker can take now (always present; empty when every node has a worker). */
  warnings: SubmitWarning[];
}

export interface SubmitResult {
  graph: GraphView;
  /** False when an Idempotency-Key matched an earlier submission of the same body. */
  created: boolean;
  /** Nodes no live worker can take now: accepted, but they wait (at most their scheduleTimeoutMs). */
  warnings: SubmitWarning[];
}
