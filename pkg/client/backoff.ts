// How long to wait before the next reconnection attempt: exponential, capped, with jitter so that many clients
// (dashboards, live clients) cut off by one server restart do not all come back in the same instant.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

/** `failures` counts the attempts that failed in a row (1 after the first); `random` is in [0, 1). */
export function reconnectDelay(failures: number, random: number, policy = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}
