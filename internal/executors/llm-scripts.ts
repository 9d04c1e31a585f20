// Loads the Lua scripts of the shared provider gate (scripts/*.lua) and registers them on an ioredis client.
import type { Result } from "ioredis";
import { scriptDefiner } from "../redis/define-scripts.js";

const SCRIPTS = [
  { name: "admitLlmCall", file: "admitLlmCall-3.lua", keys: 3 },
  { name: "releaseLlmCall", file: "releaseLlmCall-3.lua", keys: 3 },
] as const;

declare module "ioredis" {
  interface RedisCommander<Context> {
    admitLlmCall(...args: Array<string | number>): Result<number[], Context>;
    releaseLlmCall(...args: Array<string | number>): Result<number[], Context>;
  }
}

export const registerLlmScripts = scriptDefiner(new URL("./scripts/", import.meta.url), SCRIPTS);

/** The three keys of one provider; the hash tag keeps them in one Redis Cluster slot. */
export function providerKeys(keyPrefix: string, provider: string): [string, string, string] {
  const base = `${keyPrefix}:llm:{${provider}}`;
  return [`${base}:breaker`, `${base}:active`, `${base}:rpm`];
}
