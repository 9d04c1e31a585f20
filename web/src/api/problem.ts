// A failed call as a page shows it: the server's code and message, or why there was no answer.
import { DagoApiError, DagoConnectionError } from "../../../pkg/client/errors.js";

export interface Problem {
  code: string;
  message: string;
}

export function problemOf(err: unknown): Problem {
  if (err instanceof DagoApiError) return { code: err.code, message: err.message };
  if (err instanceof DagoConnectionError) return { code: "unreachable", message: err.message };
  return { code: "client_error", message: err instanceof Error ? err.message : String(err) };
}

/** `code: message` for an answer or a missing one; anything else (a bug) as it prints. */
export function problemText(err: unknown): string {
  if (err instanceof DagoApiError || err instanceof DagoConnectionError) {
    const { code, message } = problemOf(err);
    return `${code}: ${message}`;
  }
  return String(err);
}
