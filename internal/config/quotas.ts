// Per-tenant limits shared by every process through Redis.
import type { EnvReader } from "./env-reader.js";
import { integer } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

/** Per-tenant limits shared by every process through Redis; 0 turns a limit off. */
export interface QuotaConfig {
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  readonly maxActiveGraphs: number;
}

export const quotaVariables = {
  rateLimit: defaultedVariable({
    name: "DAGO_TENANT_RATE_LIMIT",
    fallback: 0,
    default: "0 (off)",
    description: "API requests per second per tenant, shared by every process through Redis (over: 429).",
    schema: integer(0, 1_000_000),
  }),
  rateBurst: envVariable({
    name: "DAGO_TENANT_RATE_BURST",
    default: "twice DAGO_TENANT_RATE_LIMIT",
    description: "Requests a tenant may send at once before DAGO_TENANT_RATE_LIMIT applies.",
    schema: integer(1, 10_000_000),
  }),
  maxActiveGraphs: defaultedVariable({
    name: "DAGO_TENANT_MAX_ACTIVE_GRAPHS",
    fallback: 0,
    default: "0 (off)",
    description: "Graphs per tenant that may be pending, running or paused at once (over: 429 on submit).",
    schema: integer(0, 10_000_000),
  }),
} as const;

const v = quotaVariables;

export function loadQuotas(r: EnvReader): QuotaConfig {
  const ratePerSecond = r.value(v.rateLimit);
  return {
    ratePerSecond,
    rateBurst: r.read(v.rateBurst) ?? Math.max(1, ratePerSecond * 2),
    maxActiveGraphs: r.value(v.maxActiveGraphs),
  };
}
