// Structured output of `llm` nodes with an outputSchema: the answer is parsed as JSON and validated against the
// schema. An answer that is not JSON, or does not match, fails the attempt with `llm_invalid_output`, which is
// retried under the node's retry policy (models often get it right the next time).
import { compileOutputSchema, describeErrors } from "../domain/output-schema.js";
import { NodeExecutionError } from "../worker/executor.js";
import { TRUNCATED_STOP_REASONS } from "./llm-provider.js";

/** Appended to the system prompt by adapters that cannot enforce a schema themselves. */
export function jsonInstruction(schema: Record<string, unknown>): string {
  return (
    "Answer with one JSON value that matches the JSON Schema below, and nothing else: no prose, no code " +
    `fences.\nJSON Schema:\n${JSON.stringify(schema)}`
  );
}

const FENCED = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i;

/** Parses and validates an answer; throws llm_invalid_output with what was wrong. */
export function parseStructuredOutput(
  text: string,
  schema: Record<string, unknown>,
  stopReason: string | undefined,
): unknown {
  const hint = truncationHint(stopReason);
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) throw invalid(`the answer is not JSON: ${parsed.message}${hint}`, parsed.cause);
  const { value } = parsed;
  const compiled = compileOutputSchema(schema);
  if (!compiled.ok) throw new NodeExecutionError("bad_output_schema", compiled.message, { retryable: false });
  if (!compiled.validate(value)) {
    throw invalid(
      `the answer does not match outputSchema: ${describeErrors(compiled.validate.errors ?? [], "output")}${hint}`,
    );
  }
  return value;
}

/** What to add to a complaint about an answer cut at the token limit. */
export function truncationHint(stopReason: string | undefined): string {
  const cut = stopReason !== undefined && TRUNCATED_STOP_REASONS.has(stopReason);
  return cut ? " (the answer was cut off at maxTokens: raise maxTokens)" : "";
}

/** Parses an answer as JSON, allowing the code fence models like to wrap it in. */
export function parseJsonAnswer(
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string; cause: unknown } {
  let trimmed = text.trim();
  const fenced = FENCED.exec(trimmed);
  if (fenced) trimmed = (fenced[1] ?? "").trim();
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (err) {
    return { ok: false, message: (err as Error).message, cause: err };
  }
}

function invalid(message: string, cause?: unknown): NodeExecutionError {
  return new NodeExecutionError("llm_invalid_output", message, { retryable: true, cause });
}

/**
 * A small value that matches common schemas (types, required properties, enums, consts, minimum lengths), so the
 * offline mock model can answer structured nodes. Schemas it cannot satisfy fail validation like a real model.
 */
export function sampleFromSchema(schema: unknown, label = "mock", depth = 0): unknown {
  if (typeof schema !== "object" || schema === null || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const branch = [s.anyOf, s.oneOf].find((list) => Array.isArray(list) && list.length > 0) as
    | unknown[]
    | undefined;
  if (branch) return sampleFromSchema(branch[0], label, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const props = (typeof s.properties === "object" && s.properties !== null ? s.properties : {}) as Record<
        string,
        unknown
      >;
      for (const [key, sub] of Object.entries(props)) out[key] = sampleFromSchema(sub, key, depth + 1);
      return out;
    }
    case "array": {
      const count = Math.max(typeof s.minItems === "number" ? s.minItems : 0, 2);
      const max = typeof s.maxItems === "number" ? s.maxItems : count;
      return Array.from({ length: Math.min(count, max) }, (_, i) =>
        sampleFromSchema(s.items, `${label} ${i + 1}`, depth + 1),
      );
    }
    case "string": {
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      return label.padEnd(min, ".");
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return label;
  }
}
