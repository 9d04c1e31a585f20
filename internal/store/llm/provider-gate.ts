// Admission of LLM calls, shared by every worker through Redis: a circuit breaker per provider, a limit on
// concurrent calls and one on calls per minute. One script admits (everything checked and taken atomically),
// one releases; two Redis round trips per call.
//
// - Breaker open: the attempt is given back at once as a deferral (NodeRetrying, no retry budget spent) due when
//   the breaker half-opens, so nodes wait instead of hammering a provider that is down.
// - Limits reached: the call waits here, polling, for up to half the attempt's timeout (at most 30 s); after
//   that the attempt is deferred too, so a long queue never burns attempts or holds a worker slot forever.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { abortableSleep } from "../../executors/abortable-sleep.js";
import type { ProviderHealth } from "../../executors/llm-faults.js";
import { NodeExecutionError } from "../../worker/executor.js";
import { providerKeys } from "../keys.js";
import { registerScripts } from "../script-loader.js";

export interface GateLimits {
  /** Consecutive failures that open the breaker; 0 turns it off. */
  breakerFailures: number;
  /** How long the breaker stays open before one probe call may go. */
  breakerCooldownMs: number;
  /** Concurrent calls across all workers; 0 = no limit. */
  maxConcurrency: number;
  /** Calls started per rolling minute across all workers; 0 = no limit. */
  requestsPerMinute: number;
}

export interface Admission {
  provider: string;
  token: string;
  probe: boolean;
}

export type BreakerState = "closed" | "half_open" | "open";
export const BREAKER_STATES: readonly BreakerState[] = ["closed", "half_open", "open"];

export interface GateObserver {
  deferred?(provider: string, reason: "breaker_open" | "busy"): void;
  breakerOpened?(provider: string, failures: number): void;
}

const MAX_LOCAL_WAIT_MS = 30_000;

export class ProviderGate {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limitsOf: (provider: string) => GateLimits,
    private readonly observer: GateObserver = {},
    /** How long past the attempt's timeout an unreleased slot stays taken (its worker may just be slow). */
    private readonly leaseMarginMs = 5000,
  ) {
    registerScripts(redis);
  }

  async admit(provider: string, attempt: { signal: AbortSignal; timeoutMs: number }): Promise<Admission> {
    const limits = this.limitsOf(provider);
    const token = randomBytes(9).toString("base64url");
    const leaseMs = attempt.timeoutMs + this.leaseMarginMs;
    const maxWaitMs = Math.min(Math.floor(attempt.timeoutMs / 2), MAX_LOCAL_WAIT_MS);
    const began = Date.now();
    for (;;) {
      attempt.signal.throwIfAborted();
      const [code, detail = 0] = await this.redis.admitLlmCall(
        ...providerKeys(this.keyPrefix, provider),
        token,
        limits.breakerFailures > 0 ? "1" : "0",
        limits.maxConcurrency,
        limits.requestsPerMinute,
        leaseMs,
      );
      if (code === 1) return { provider, token, probe: detail === 1 };
      const waitMs = detail;
      if (code === -1 || code === -2) {
        this.observer.deferred?.(provider, "breaker_open");
        const why =
          code === -1
            ? `the circuit breaker is open after ${limits.breakerFailures} consecutive failures`
            : "the circuit breaker is half-open and its probe call is still running";
        // Spread the wake-ups so the nodes that waited do not all arrive at the same instant.
        const delay =
          code === -1 ? waitMs + jitter(Math.min(waitMs, 1000)) : Math.min(waitMs, 1000) + jitter(500);
        throw new NodeExecutionError(
          "llm_circuit_open",
          `${provider}: ${why}; trying again in ${seconds(delay)}`,
          {
            retryable: true,
            defer: true,
            retryAfterMs: delay,
          },
        );
      }
      const pause = code === -4 ? waitMs + jitter(100) : 50 + jitter(150);
      if (Date.now() - began + pause > maxWaitMs) {
        this.observer.deferred?.(provider, "busy");
        const why =
          code === -4
            ? `${limits.requestsPerMinute} calls a minute`
            : `${limits.maxConcurrency} calls at once`;
        const delay = code === -4 ? waitMs + jitter(500) : 1000 + jitter(1000);
        throw new NodeExecutionError(
          "llm_provider_busy",
          `${provider}: the shared limit of ${why} is reached; waiting its turn (${seconds(delay)})`,
          { retryable: true, defer: true, retryAfterMs: delay },
        );
      }
      await abortableSleep(pause, attempt.signal);
    }
  }

  /** Frees the call's slot and reports the provider's health to the breaker. Never throws. */
  async release(admission: Admission, health: ProviderHealth): Promise<void> {
    const limits = this.limitsOf(admission.provider);
    const [, failures = 0, opened = 0] = await this.redis.releaseLlmCall(
      ...providerKeys(this.keyPrefix, admission.provider),
      admission.token,
      health,
      limits.breakerFailures,
      limits.breakerCooldownMs,
    );
    if (opened === 1) this.observer.breakerOpened?.(admission.provider, failures);
  }
}

export interface BreakerReport {
  provider: string;
  state: BreakerState;
  failures: number;
  /** While open: when it half-opens (ms since the epoch). */
  openUntil?: number;
}

/** The breaker of each provider as Redis has it; a provider never seen failing is closed. */
export async function readBreakers(
  redis: Redis,
  keyPrefix: string,
  providers: readonly string[],
  now = Date.now(),
): Promise<BreakerReport[]> {
  if (providers.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const provider of providers) {
    pipeline.hmget(providerKeys(keyPrefix, provider)[0], "state", "failures", "openUntil");
  }
  const replies = (await pipeline.exec()) ?? [];
  return providers.map((provider, i) => {
    const [err, value] = replies[i] ?? [null, null];
    if (err) throw err;
    const [state, failures, openUntil] = (value ?? []) as Array<string | null>;
    const report: BreakerReport = { provider, state: "closed", failures: Number(failures ?? 0) };
    if (state === "open") {
      const until = Number(openUntil ?? 0);
      report.state = now < until ? "open" : "half_open";
      report.openUntil = until;
    } else if (state === "half_open") report.state = "half_open";
    return report;
  });
}

function jitter(maxMs: number): number {
  return Math.floor(Math.random() * maxMs);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
