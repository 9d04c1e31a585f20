// What a refused decision tells the person who sent it: the data's problems by field (400 validation_failed, each
// next to its input), who decided first (409 already_decided), or the server's word for anything else.
import type { Decision } from "../../../internal/domain/state.js";
import { DagoApiError } from "../../../pkg/client/errors.js";
import { problemText } from "../api/problem.js";
import { formatTime } from "../format.js";
import { fieldOfProblem, type SchemaField } from "./schema-fields.js";

export interface DecisionProblem {
  /** Field name → its problems; "" is the form's own (or the single JSON field's). */
  fields: Record<string, string[]>;
  /** A sentence for the whole form, when the refusal is not about the data. */
  message?: string;
}

export function decisionProblemOf(err: unknown, fields: readonly SchemaField[]): DecisionProblem {
  if (!(err instanceof DagoApiError)) return { fields: {}, message: problemText(err) };
  if (err.code === "validation_failed" && err.details.length > 0) {
    const byField: Record<string, string[]> = {};
    for (const detail of err.details) {
      const name = fieldOfProblem(fields, detail);
      byField[name] = [...(byField[name] ?? []), detail.message];
    }
    return { fields: byField, message: err.message };
  }
  const first = err.details[0];
  if (err.status === 409 && first?.code === "already_decided" && isDecision(first.decision)) {
    return { fields: {}, message: decidedText(first.decision) };
  }
  return { fields: {}, message: problemText(err) };
}

/** "Already approved by alice@acme at 2026-…": why a second decision was refused. */
export function decidedText(decision: Decision): string {
  const what = decision.approved ? "approved" : "rejected";
  return `Already ${what} by ${decision.by} at ${formatTime(decision.at)}.`;
}

function isDecision(value: unknown): value is Decision {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.approved === "boolean" && typeof d.by === "string" && typeof d.at === "number";
}
