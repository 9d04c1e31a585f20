// Loads the Lua scripts of the tenant quotas (scripts/*.lua) and registers them on an ioredis client.
import type { Result } from "ioredis";
import { scriptDefiner } from "../redis/define-scripts.js";

const SCRIPTS = [
  { name: "takeRateToken", file: "takeRateToken-1.lua", keys: 1 },
  { name: "reserveGraphSlot", file: "reserveGraphSlot-1.lua", keys: 1 },
] as const;

declare module "ioredis" {
  interface RedisCommander<Context> {
    takeRateToken(...args: Array<string | number>): Result<number[], Context>;
    reserveGraphSlot(...args: Array<string | number>): Result<number[], Context>;
  }
}

export const registerQuotaScripts = scriptDefiner(new URL("./scripts/", import.meta.url), SCRIPTS);

/** A tenant's quota keys; the hash tag keeps each in the tenant's own Redis Cluster slot. */
export function tenantQuotaKey(keyPrefix: string, tenantId: string, what: "rate" | "active"): string {
  return `${keyPrefix}:quota:{${tenantId}}:${what}`;
}
