// Checks of single values that both the top level (`input`, `defaults`) and the nodes use.

import type { RetryPolicy } from "./graph-spec.js";
import { isPlainObject, ownValue } from "./path.js";
import { describe, type Issues, pointer, quote, type Where } from "./validation-issues.js";

const MAX_TIMEOUT_MS = 86_400_000;
const MAX_BACKOFF_MS = 3_600_000;
const MAX_ATTEMPTS = 100;
const RETRY_FIELDS: ReadonlySet<string> = new Set(["maxAttempts", "backoffMs", "maxBackoffMs"]);

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Whether a value is plain JSON: no undefined, functions, class instances, non-finite numbers or cycles. */
export function isJsonValue(value: unknown): boolean {
  const onPath = new Set<object>();
  const stack: { value: unknown; leave?: object }[] = [{ value }];
  while (stack.length > 0) {
    const { value: current, leave } = stack.pop()!;
    if (leave !== undefined) {
      onPath.delete(leave);
      continue;
    }
    if (current === null || typeof current === "string" || typeof current === "boolean") continue;
    if (typeof current === "number") {
      if (!Number.isFinite(current)) return false;
      continue;
    }
    const isArray = Array.isArray(current);
    if (!isArray && !isPlainObject(current)) return false;
    const container = current as object;
    if (onPath.has(container)) return false;
    onPath.add(container);
    stack.push({ value: undefined, leave: container });
    if (isArray) {
      const length = (current as unknown[]).length;
      for (let i = 0; i < length; i++) stack.push({ value: ownValue(container, String(i)) });
    } else {
      for (const key of Object.keys(container)) stack.push({ value: ownValue(container, key) });
    }
  }
  return true;
}

/** Checks the fields of one retry object; returns the valid ones. */
export function checkRetry(value: unknown, where: Where, issues: Issues): Partial<RetryPolicy> {
  const valid: Partial<RetryPolicy> = {};
  if (!isPlainObject(value)) {
    issues.add("bad_field", `retry must be an object, got ${describe(value)}`, where);
    return valid;
  }
  for (const key of Object.keys(value)) {
    if (!RETRY_FIELDS.has(key)) {
      issues.add("unknown_field", `unknown field ${quote(key)} in retry`, {
        ...where,
        path: where.path + pointer(key),
      });
    }
  }
  const rules: [keyof RetryPolicy, number, number][] = [
    ["maxAttempts", 1, MAX_ATTEMPTS],
    ["backoffMs", 0, MAX_BACKOFF_MS],
    ["maxBackoffMs", 0, MAX_TIMEOUT_MS],
  ];
  for (const [key, min, max] of rules) {
    const field = ownValue(value, key);
    if (field === undefined) continue;
    if (isIntegerIn(field, min, max)) valid[key] = field;
    else {
      issues.add("bad_field", `retry.${key} must be an integer from ${min} to ${max}`, {
        ...where,
        path: where.path + pointer(key),
      });
    }
  }
  return valid;
}

/** Reports a merged policy whose ceiling sits below its first delay, blaming the spec object that set them. */
export function checkBackoffOrder(merged: RetryPolicy, where: Where, issues: Issues): void {
  if (merged.maxBackoffMs >= merged.backoffMs) return;
  issues.add(
    "bad_field",
    `retry.maxBackoffMs (${merged.maxBackoffMs}) must be at least retry.backoffMs (${merged.backoffMs})`,
    where,
  );
}

/** Checks a scheduleTimeoutMs: like timeoutMs, but 0 lets the node wait for a worker forever. */
export function checkScheduleTimeout(value: unknown, where: Where, issues: Issues): value is number {
  if (isIntegerIn(value, 0, MAX_TIMEOUT_MS)) return true;
  issues.add(
    "bad_field",
    `scheduleTimeoutMs must be an integer from 0 (wait forever) to ${MAX_TIMEOUT_MS}`,
    where,
  );
  return false;
}

export function checkTimeout(value: unknown, where: Where, issues: Issues): value is number {
  if (isIntegerIn(value, 1, MAX_TIMEOUT_MS)) return true;
  issues.add("bad_field", `timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}`, where);
  return false;
}
