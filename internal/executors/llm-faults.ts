// One place that decides what a provider failure means: whether another attempt may help, the least delay
// before it (Retry-After), and what the failure says about the provider's health for its circuit breaker.
import { NodeExecutionError, type NodeExecutionErrorOptions } from "../worker/executor.js";

/**
 * down: the provider failed (5xx, overloaded, unreachable, timed out): counts toward opening the breaker.
 * up: the provider answered, even if it refused this request (400, 401...): closes a half-open breaker.
 * unknown: says nothing either way (rate limited, cancelled by dago).
 */
export type ProviderHealth = "down" | "up" | "unknown";

export class LlmProviderError extends NodeExecutionError {
  readonly health: ProviderHealth;

  constructor(
    code: string,
    message: string,
    health: ProviderHealth,
    options: NodeExecutionErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = "LlmProviderError";
    this.health = health;
  }
}

/** The longest Retry-After honoured; a provider asking for more is waited on that long, then tried again. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Statuses another attempt may fix: timeouts, conflicts, rate limits and every server-side error. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Reads `retry-after-ms` (Anthropic, OpenAI) or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const precise = headers.get("retry-after-ms");
  if (precise !== null && precise.trim() !== "") {
    const ms = Number(precise);
    if (Number.isFinite(ms) && ms >= 0) return Math.min(Math.ceil(ms), MAX_RETRY_AFTER_MS);
  }
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0)
    return Math.min(Math.ceil(seconds * 1000), MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** An HTTP error answer. `detail` is the provider's own message (never a header or the request). */
export function httpFault(
  provider: string,
  status: number,
  detail: string,
  headers: Headers | undefined,
): LlmProviderError {
  const retryable = retryableStatus(status);
  const health: ProviderHealth = status === 429 ? "unknown" : status >= 500 ? "down" : "up";
  const options: NodeExecutionErrorOptions = { retryable };
  const retryAfterMs = retryable ? parseRetryAfter(headers) : undefined;
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new LlmProviderError(
    `llm_http_${status}`,
    `${provider}: ${detail} (HTTP ${status})`,
    health,
    options,
  );
}

/** An error the provider sent inside a stream that had started (Anthropic `event: error`, OpenAI `error`). */
export function streamFault(provider: string, type: string | undefined, detail: string): LlmProviderError {
  const kind = type ?? "api_error";
  const status =
    kind === "overloaded_error"
      ? 529
      : kind === "rate_limit_error"
        ? 429
        : kind === "api_error" || kind === "server_error"
          ? 500
          : kind === "timeout_error"
            ? 504
            : 400;
  const retryable = retryableStatus(status);
  const health: ProviderHealth = status === 429 ? "unknown" : status >= 500 ? "down" : "up";
  return new LlmProviderError(
    "llm_stream_error",
    `${provider}: ${detail} (${kind} during the stream)`,
    health,
    {
      retryable,
    },
  );
}

export function connectionFault(provider: string, detail: string, cause: unknown): LlmProviderError {
  return new LlmProviderError("llm_connection", `${provider}: ${detail}`, "down", { retryable: true, cause });
}

export function timeoutFault(provider: string, detail: string): LlmProviderError {
  return new LlmProviderError("llm_timeout", `${provider}: ${detail}`, "down", { retryable: true });
}

/** A response that broke the protocol (malformed JSON, a stream without its end). */
export function badResponseFault(provider: string, detail: string, cause?: unknown): LlmProviderError {
  return new LlmProviderError("llm_bad_response", `${provider}: ${detail}`, "down", {
    retryable: true,
    cause,
  });
}

/** The health a failure reports to the breaker: dago's own aborts and executor errors say nothing. */
export function healthOf(err: unknown): ProviderHealth {
  return err instanceof LlmProviderError ? err.health : "unknown";
}
