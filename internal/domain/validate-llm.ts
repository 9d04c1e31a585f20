// The fields of an `llm` node. A custom node type may carry them too; they must then mean the same thing.

import { LLM_PROVIDER_NAMES } from "./graph-spec.js";
import type { Fields } from "./node-facts.js";
import { compileOutputSchema } from "./output-schema.js";
import { isPlainObject, ownValue } from "./path.js";
import { isIntegerIn, isJsonValue } from "./validate-values.js";
import { describe, type FieldWhere, type Issues } from "./validation-issues.js";

export const LLM_ONLY_FIELDS = [
  "prompt",
  "system",
  "provider",
  "model",
  "maxTokens",
  "temperature",
  "stopSequences",
  "outputSchema",
  "cache",
  "onBudgetExceeded",
];

const MAX_MODEL_LENGTH = 200;
const MAX_TOKENS = 1_000_000;
const MAX_TEMPERATURE = 2;
const MAX_STOP_SEQUENCES = 16;
const MAX_STOP_SEQUENCE_LENGTH = 256;
/** 30 days: a cached answer older than that is more likely stale than useful. */
export const MAX_CACHE_TTL_SECONDS = 2_592_000;

export function checkLlmFields(node: Fields, isLlm: boolean, at: FieldWhere, issues: Issues): void {
  const prompt = ownValue(node, "prompt");
  if (isLlm && prompt === undefined) issues.add("missing_field", "an llm node needs a prompt", at("prompt"));
  else if (prompt !== undefined && (typeof prompt !== "string" || prompt === "")) {
    issues.add("bad_field", "prompt must be a non-empty string", at("prompt"));
  }
  const system = ownValue(node, "system");
  if (system !== undefined && typeof system !== "string") {
    issues.add("bad_field", "system must be a string", at("system"));
  }
  const provider = ownValue(node, "provider");
  if (provider !== undefined && !(LLM_PROVIDER_NAMES as readonly unknown[]).includes(provider)) {
    issues.add("bad_field", `provider must be one of ${LLM_PROVIDER_NAMES.join(", ")}`, at("provider"));
  }
  const model = ownValue(node, "model");
  if (model !== undefined && (typeof model !== "string" || model === "" || model.length > MAX_MODEL_LENGTH)) {
    issues.add(
      "bad_field",
      `model must be a non-empty string of at most ${MAX_MODEL_LENGTH} characters`,
      at("model"),
    );
  }
  const maxTokens = ownValue(node, "maxTokens");
  if (maxTokens !== undefined && !isIntegerIn(maxTokens, 1, MAX_TOKENS)) {
    issues.add("bad_field", `maxTokens must be an integer from 1 to ${MAX_TOKENS}`, at("maxTokens"));
  }
  const temperature = ownValue(node, "temperature");
  if (
    temperature !== undefined &&
    (typeof temperature !== "number" || !(temperature >= 0 && temperature <= MAX_TEMPERATURE))
  ) {
    issues.add("bad_field", `temperature must be a number from 0 to ${MAX_TEMPERATURE}`, at("temperature"));
  }
  checkStopSequences(ownValue(node, "stopSequences"), at, issues);
  checkOutputSchema(ownValue(node, "outputSchema"), at, issues);
  const onBudgetExceeded = ownValue(node, "onBudgetExceeded");
  if (onBudgetExceeded !== undefined && onBudgetExceeded !== "fail" && onBudgetExceeded !== "approval") {
    issues.add("bad_field", "onBudgetExceeded must be fail or approval", at("onBudgetExceeded"));
  }
  const cache = ownValue(node, "cache");
  if (cache !== undefined && typeof cache !== "boolean" && !isIntegerIn(cache, 1, MAX_CACHE_TTL_SECONDS)) {
    issues.add(
      "bad_field",
      `cache must be true, false or a TTL in seconds from 1 to ${MAX_CACHE_TTL_SECONDS}`,
      at("cache"),
    );
  }
}

function checkStopSequences(value: unknown, at: FieldWhere, issues: Issues): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_STOP_SEQUENCES) {
    issues.add(
      "bad_field",
      `stopSequences must be an array of 1 to ${MAX_STOP_SEQUENCES} strings, got ${describe(value)}`,
      at("stopSequences"),
    );
    return;
  }
  value.forEach((item: unknown, i) => {
    if (typeof item !== "string" || item === "" || item.length > MAX_STOP_SEQUENCE_LENGTH) {
      issues.add(
        "bad_field",
        `stop sequences must be non-empty strings of at most ${MAX_STOP_SEQUENCE_LENGTH} characters`,
        at("stopSequences", i),
      );
    }
  });
}

/** The schema must compile, and describe an object: Anthropic's tool input (how dago asks for it) is one. */
function checkOutputSchema(value: unknown, at: FieldWhere, issues: Issues): void {
  if (value === undefined) return;
  if (!isPlainObject(value) || !isJsonValue(value)) {
    issues.add(
      "bad_field",
      `outputSchema must be a JSON Schema object, got ${describe(value)}`,
      at("outputSchema"),
    );
    return;
  }
  if (ownValue(value, "type") !== "object") {
    issues.add("bad_field", 'outputSchema must describe an object: set "type": "object"', at("outputSchema"));
    return;
  }
  const compiled = compileOutputSchema(value);
  if (!compiled.ok) issues.add("bad_field", `outputSchema: ${compiled.message}`, at("outputSchema"));
}
