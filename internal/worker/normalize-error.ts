// Anything an executor throws is normalised once into the NodeError recorded on the node.
import type { NodeError } from "../domain/events.js";
import { wellFormed } from "../domain/well-formed-text.js";
import { NodeExecutionError } from "./executor.js";

const MAX_MESSAGE = 4000;

export function normalizeError(err: unknown): NodeError {
  if (err instanceof NodeExecutionError) {
    const error: NodeError = { code: err.code, message: truncate(err.message), retryable: err.retryable };
    if (err.details !== undefined) error.details = err.details;
    return error;
  }
  if (err instanceof Error) {
    const raw = (err as Error & { code?: unknown }).code;
    const code = typeof raw === "string" ? raw : undefined;
    return { code: code ?? "executor_error", message: truncate(err.message || err.name), retryable: true };
  }
  return { code: "executor_error", message: truncate(String(err)), retryable: true };
}

/** Cut to MAX_MESSAGE, and well-formed: Redis refuses error JSON that holds an unpaired surrogate. */
function truncate(text: string): string {
  return wellFormed(text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (truncated)` : text);
}

/** What a failure asks of the retry schedule beyond the node's policy (see NodeExecutionError). */
export function retryHints(err: unknown): { retryAfterMs?: number; defer?: boolean } {
  if (!(err instanceof NodeExecutionError)) return {};
  const hints: { retryAfterMs?: number; defer?: boolean } = {};
  if (err.retryAfterMs !== undefined && Number.isFinite(err.retryAfterMs) && err.retryAfterMs > 0) {
    hints.retryAfterMs = err.retryAfterMs;
  }
  if (err.defer) hints.defer = true;
  return hints;
}
