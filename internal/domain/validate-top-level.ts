// Checks a spec's top-level fields and settles what every node inherits: limits, default timeout and retry,
// and the input keys templates and conditions may read.

import { checkBudget } from "./graph-budget.js";
import type { RetryPolicy } from "./graph-spec.js";
import type { LocalName } from "./path.js";
import { isPlainObject, ownValue } from "./path.js";
import {
  checkBackoffOrder,
  checkRetry,
  checkScheduleTimeout,
  checkTimeout,
  isJsonValue,
} from "./validate-values.js";
import { DEFAULT_VALIDATION_LIMITS, type ValidationContext, type ValidationLimits } from "./validation.js";
import { describe, type Issues, pointer, quote } from "./validation-issues.js";

const MAX_NAME_LENGTH = 256;
const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(["name", "input", "defaults", "budget", "nodes"]);
const DEFAULTS_FIELDS: ReadonlySet<string> = new Set(["timeoutMs", "scheduleTimeoutMs", "retry"]);

export interface Resolution {
  limits: ValidationLimits;
  defaultTimeoutMs: number;
  defaultScheduleTimeoutMs: number;
  defaultRetry: RetryPolicy;
  /** Keys of the graph's input, or undefined when the input itself is invalid (so no key is blamed). */
  inputKeys: ReadonlySet<string> | undefined;
  /** Node types registered workers serve, when the caller knows them (ValidationContext). */
  servedTypes: ReadonlySet<string> | undefined;
  /** The map or loop roots the texts being checked may read: only inside a map's or a loop's node template. */
  locals?: ReadonlySet<LocalName>;
  /** See ValidationContext.generatedIds. */
  generatedIds?: boolean;
}

function codePointsOver(text: string, max: number): boolean {
  // A code point is at most two UTF-16 units, so short strings need no counting.
  if (text.length <= max) return false;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

export function resolveLimits(limits: Partial<ValidationLimits> | undefined): ValidationLimits {
  const base = DEFAULT_VALIDATION_LIMITS;
  return {
    maxNodes: limits?.maxNodes ?? base.maxNodes,
    maxEdges: limits?.maxEdges ?? base.maxEdges,
    maxTextBytes: limits?.maxTextBytes ?? base.maxTextBytes,
    defaultTimeoutMs: limits?.defaultTimeoutMs ?? base.defaultTimeoutMs,
    defaultScheduleTimeoutMs: limits?.defaultScheduleTimeoutMs ?? base.defaultScheduleTimeoutMs,
    defaultRetry: { ...base.defaultRetry, ...limits?.defaultRetry },
    maxMapItems: limits?.maxMapItems ?? base.maxMapItems,
    maxLoopIterations: limits?.maxLoopIterations ?? base.maxLoopIterations,
    defaultMapItems: Math.min(
      limits?.defaultMapItems ?? base.defaultMapItems,
      limits?.maxMapItems ?? base.maxMapItems,
    ),
  };
}

/** Checks every top-level field but `nodes`, which the caller handles. */
export function checkTopLevel(
  spec: Record<string, unknown>,
  limits: ValidationLimits,
  issues: Issues,
  context: ValidationContext = {},
): Resolution {
  for (const key of Object.keys(spec)) {
    if (!TOP_LEVEL_FIELDS.has(key)) {
      issues.add("unknown_field", `unknown field ${quote(key)}`, { path: pointer(key) });
    }
  }

  const name = ownValue(spec, "name");
  if (name === undefined) issues.add("missing_field", "name is required", { path: "/name" });
  else if (typeof name !== "string" || name === "" || codePointsOver(name, MAX_NAME_LENGTH)) {
    issues.add("bad_field", `name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`, {
      path: "/name",
    });
  }

  const input = ownValue(spec, "input");
  let inputKeys: ReadonlySet<string> | undefined = new Set();
  if (input !== undefined) {
    if (isPlainObject(input) && isJsonValue(input)) inputKeys = new Set(Object.keys(input));
    else {
      issues.add("bad_field", "input must be a JSON object", { path: "/input" });
      inputKeys = undefined;
    }
  }

  checkBudget(ownValue(spec, "budget"), issues);

  let defaultTimeoutMs = limits.defaultTimeoutMs;
  let defaultScheduleTimeoutMs = limits.defaultScheduleTimeoutMs;
  let defaultRetry = limits.defaultRetry;
  const defaults = ownValue(spec, "defaults");
  if (defaults !== undefined) {
    if (!isPlainObject(defaults)) {
      issues.add("bad_field", `defaults must be an object, got ${describe(defaults)}`, { path: "/defaults" });
    } else {
      for (const key of Object.keys(defaults)) {
        if (!DEFAULTS_FIELDS.has(key)) {
          issues.add("unknown_field", `unknown field ${quote(key)} in defaults`, {
            path: pointer("defaults", key),
          });
        }
      }
      const timeoutMs = ownValue(defaults, "timeoutMs");
      if (timeoutMs !== undefined && checkTimeout(timeoutMs, { path: "/defaults/timeoutMs" }, issues)) {
        defaultTimeoutMs = timeoutMs;
      }
      const scheduleTimeoutMs = ownValue(defaults, "scheduleTimeoutMs");
      if (
        scheduleTimeoutMs !== undefined &&
        checkScheduleTimeout(scheduleTimeoutMs, { path: "/defaults/scheduleTimeoutMs" }, issues)
      ) {
        defaultScheduleTimeoutMs = scheduleTimeoutMs;
      }
      const retry = ownValue(defaults, "retry");
      if (retry !== undefined) {
        defaultRetry = { ...defaultRetry, ...checkRetry(retry, { path: "/defaults/retry" }, issues) };
        checkBackoffOrder(defaultRetry, { path: "/defaults/retry" }, issues);
      }
    }
  }
  return {
    limits,
    defaultTimeoutMs,
    defaultScheduleTimeoutMs,
    defaultRetry,
    inputKeys,
    servedTypes: context.servedTypes,
    ...(context.generatedIds ? { generatedIds: true } : {}),
  };
}
