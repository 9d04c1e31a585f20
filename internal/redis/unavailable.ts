// Requests fail fast while Redis is away: its faults become redis_unavailable (503 / UNAVAILABLE, retryable by
// the client), never a 500 and never a hang.
import type { Redis } from "ioredis";
import { DagoError, isDagoError } from "../errors/index.js";

export async function guardRedis<T>(redis: Redis, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDagoError(err)) throw err;
    if (redis.status !== "ready" || isConnectionError(err)) {
      throw new DagoError("redis_unavailable", unavailableMessage(err), [], { cause: err });
    }
    throw err;
  }
}

/**
 * A command that never left this process (the connection was down) was not applied. One that was sent and then
 * timed out (a hung Redis) may still be applied when Redis gets to it: the client must not assume either way.
 */
function unavailableMessage(err: unknown): string {
  const text = `${(err as Error)?.message ?? ""}`;
  if (/enableOfflineQueue|Stream isn't writeable|ECONNREFUSED/i.test(text)) {
    return "Redis is not reachable; the request was not applied";
  }
  return "Redis did not answer in time; the request may still be applied: retry it with the same Idempotency-Key";
}

function isConnectionError(err: unknown): boolean {
  const text = `${(err as Error)?.name ?? ""} ${(err as Error)?.message ?? ""}`;
  return /Connection is closed|MaxRetriesPerRequest|Command timed out|ECONNREFUSED|ECONNRESET|enableOfflineQueue|Stream isn't writeable|LOADING/i.test(
    text,
  );
}
