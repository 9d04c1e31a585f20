// How the scheduler runs: partitions, leases and their heartbeats, timers, retention, and the shutdown grace.
import type { EnvReader } from "./env-reader.js";
import { integer } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

export interface EngineConfig {
  readonly partitions: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly timerIntervalMs: number;
  readonly maxLeaseLosses: number;
  /** 0 keeps finished graphs forever. */
  readonly retentionSeconds: number;
  readonly idempotencyTtlSeconds: number;
  readonly logStreamMaxLen: number;
}

export const engineVariables = {
  partitions: defaultedVariable({
    name: "DAGO_PARTITIONS",
    fallback: 32,
    description: "Number of scheduling partitions (1-1024).",
    schema: integer(1, 1024),
  }),
  leaseMs: defaultedVariable({
    name: "DAGO_LEASE_MS",
    fallback: 15_000,
    description: "How long a node stays claimed without a heartbeat (500-3600000 ms).",
    schema: integer(500, 3_600_000),
  }),
  heartbeatMs: envVariable({
    name: "DAGO_HEARTBEAT_MS",
    default: "DAGO_LEASE_MS / 3",
    description: "How often a worker renews its leases; must be less than DAGO_LEASE_MS.",
    schema: integer(10, 3_600_000),
  }),
  timerIntervalMs: defaultedVariable({
    name: "DAGO_TIMER_INTERVAL_MS",
    fallback: 200,
    description: "How often due timers (retries, timeouts, expired leases) are checked (10-60000 ms).",
    schema: integer(10, 60_000),
  }),
  maxLeaseLosses: defaultedVariable({
    name: "DAGO_MAX_LEASE_LOSSES",
    fallback: 5,
    description:
      "A node whose worker dies this many times fails, so a node that crashes workers cannot loop.",
    schema: integer(1, 1000),
  }),
  retentionSeconds: defaultedVariable({
    name: "DAGO_RETENTION_SECONDS",
    fallback: 604_800,
    description: "How long a finished graph is kept; 0 keeps it forever.",
    schema: integer(0, 315_360_000),
  }),
  idempotencyTtlSeconds: defaultedVariable({
    name: "DAGO_IDEMPOTENCY_TTL_SECONDS",
    fallback: 86_400,
    description: "How long an Idempotency-Key is remembered.",
    schema: integer(1, 31_536_000),
  }),
  logStreamMaxLen: defaultedVariable({
    name: "DAGO_LOG_STREAM_MAXLEN",
    fallback: 100_000,
    description: "Approximate maximum length of the global event log stream.",
    schema: integer(100, 1_000_000_000),
  }),
  shutdownGraceMs: defaultedVariable({
    name: "DAGO_SHUTDOWN_GRACE_MS",
    fallback: 30_000,
    description: "How long shutdown waits for running nodes before handing them back to other workers.",
    schema: integer(0, 3_600_000),
  }),
} as const;

const v = engineVariables;

export function loadEngine(r: EnvReader): EngineConfig {
  const lease = r.read(v.leaseMs);
  // A bad lease is reported on its own; comparing the heartbeat with the default instead would only confuse.
  const leaseValid = lease !== undefined || !r.isSet(v.leaseMs);
  const leaseMs = lease ?? v.leaseMs.fallback;
  const heartbeatDefault = Math.round(leaseMs / 3);
  let heartbeatMs = r.read(v.heartbeatMs) ?? heartbeatDefault;
  if (leaseValid && r.isSet(v.heartbeatMs) && heartbeatMs >= leaseMs) {
    r.invalid(
      v.heartbeatMs,
      r.raw(v.heartbeatMs) ?? "",
      `less than DAGO_LEASE_MS (${leaseMs}), so leases are renewed before they expire`,
    );
    heartbeatMs = heartbeatDefault;
  }
  return {
    partitions: r.value(v.partitions),
    leaseMs,
    heartbeatMs,
    timerIntervalMs: r.value(v.timerIntervalMs),
    maxLeaseLosses: r.value(v.maxLeaseLosses),
    retentionSeconds: r.value(v.retentionSeconds),
    idempotencyTtlSeconds: r.value(v.idempotencyTtlSeconds),
    logStreamMaxLen: r.value(v.logStreamMaxLen),
  };
}
