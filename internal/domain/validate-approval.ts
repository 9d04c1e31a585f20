// The fields of an `approval` node: what a person is asked (`prompt`, a template), the shape of the data they
// send (`schema`), how long the node waits for them and what a timeout or a rejection means.

import type { Fields } from "./node-facts.js";
import { compileOutputSchema } from "./output-schema.js";
import { isPlainObject, ownValue } from "./path.js";
import { isIntegerIn } from "./validate-values.js";
import { describe, type FieldWhere, type Issues } from "./validation-issues.js";

export const APPROVAL_FIELDS = ["prompt", "schema", "onTimeout", "onReject"];
export const ON_TIMEOUT_CHOICES = ["fail", "approve", "reject"] as const;
export type OnTimeout = (typeof ON_TIMEOUT_CHOICES)[number];
export const ON_REJECT_CHOICES = ["fail", "continue"] as const;
export type OnReject = (typeof ON_REJECT_CHOICES)[number];
/** 30 days: people take longer than a node's attempt timeout allows, but a decision nobody makes should end. */
export const MAX_DECISION_TIMEOUT_MS = 2_592_000_000;

export function checkApprovalNode(node: Fields, at: FieldWhere, issues: Issues): void {
  const prompt = ownValue(node, "prompt");
  if (prompt === undefined) issues.add("missing_field", "an approval node needs a prompt", at("prompt"));
  else if (typeof prompt !== "string" || prompt === "") {
    issues.add("bad_field", "prompt must be a non-empty string", at("prompt"));
  }
  const timeoutMs = ownValue(node, "timeoutMs");
  if (timeoutMs !== undefined && !isIntegerIn(timeoutMs, 1, MAX_DECISION_TIMEOUT_MS)) {
    issues.add(
      "bad_field",
      `an approval's timeoutMs (how long it waits for a decision) must be an integer from 1 to ${MAX_DECISION_TIMEOUT_MS}`,
      at("timeoutMs"),
    );
  }
  checkChoice(node, "onTimeout", ON_TIMEOUT_CHOICES, at, issues);
  checkChoice(node, "onReject", ON_REJECT_CHOICES, at, issues);
  if (ownValue(node, "onTimeout") !== undefined && timeoutMs === undefined) {
    issues.add(
      "bad_field",
      "onTimeout needs a timeoutMs: without one the node waits forever",
      at("onTimeout"),
    );
  }
  const schema = ownValue(node, "schema");
  if (schema === undefined) return;
  if (!isPlainObject(schema)) {
    issues.add("bad_field", `schema must be a JSON Schema object, got ${describe(schema)}`, at("schema"));
    return;
  }
  const compiled = compileOutputSchema(schema);
  if (!compiled.ok) issues.add("bad_field", `schema: ${compiled.message}`, at("schema"));
}

function checkChoice(
  node: Fields,
  field: string,
  choices: readonly string[],
  at: FieldWhere,
  issues: Issues,
): void {
  const value = ownValue(node, field);
  if (value !== undefined && !choices.includes(value as string)) {
    issues.add("bad_field", `${field} must be one of ${choices.join(", ")}`, at(field));
  }
}
