// Anything an executor throws is normalised once into the NodeError recorded on the node.
import type { NodeError } from "../domain/events.js";
import { NodeExecutionError } from "./executor.js";

const MAX_MESSAGE = 4000;

export function normalizeError(err: unknown): NodeError {
  if (err instanceof NodeExecutionError) {
    return { code: err.code, message: truncate(err.message), retryable: err.retryable };
  }
  if (err instanceof Error) {
    const raw = (err as Error & { code?: unknown }).code;
    const code = typeof raw === "string" ? raw : undefined;
    return { code: code ?? "executor_error", message: truncate(err.message || err.name), retryable: true };
  }
  return { code: "executor_error", message: truncate(String(err)), retryable: true };
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (truncated)` : text;
}
