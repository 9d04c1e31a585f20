// Registers a folder's Lua scripts as ioredis commands, once per connection: ioredis then runs them by EVALSHA
// and loads them again by itself after a Redis restart (NOSCRIPT).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";

export interface ScriptFile {
  readonly name: string;
  readonly file: string;
  readonly keys: number;
}

export function scriptDefiner(folder: URL, scripts: readonly ScriptFile[]): (redis: Redis) => void {
  const dir = fileURLToPath(folder);
  const defined = new WeakSet<Redis>();
  return (redis) => {
    if (defined.has(redis)) return;
    for (const script of scripts) {
      const lua = readFileSync(`${dir}${script.file}`, "utf8");
      redis.defineCommand(script.name, { numberOfKeys: script.keys, lua });
    }
    defined.add(redis);
  };
}
