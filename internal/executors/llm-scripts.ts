// Loads the Lua scripts of the shared provider gate (scripts/*.lua) and registers them on an ioredis client.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis, Result } from "ioredis";

const SCRIPT_DIR = fileURLToPath(new URL("./scripts/", import.meta.url));
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

const registered = new WeakSet<Redis>();

export function registerLlmScripts(redis: Redis): void {
  if (registered.has(redis)) return;
  for (const script of SCRIPTS) {
    const lua = readFileSync(`${SCRIPT_DIR}${script.file}`, "utf8");
    redis.defineCommand(script.name, { numberOfKeys: script.keys, lua });
  }
  registered.add(redis);
}

/** The three keys of one provider; the hash tag keeps them in one Redis Cluster slot. */
export function providerKeys(keyPrefix: string, provider: string): [string, string, string] {
  const base = `${keyPrefix}:llm:{${provider}}`;
  return [`${base}:breaker`, `${base}:active`, `${base}:rpm`];
}
