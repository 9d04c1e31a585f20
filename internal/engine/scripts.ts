// Loads the Lua transition scripts, resolves their `--@include` lines, and registers them on an ioredis client
// (EVALSHA with an EVAL fallback on NOSCRIPT). Each script's KEYS/ARGV contract is in its header.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis, Result } from "ioredis";

const SCRIPT_DIR = fileURLToPath(new URL("./scripts/", import.meta.url));
const FILE_PATTERN = /^([A-Za-z]+)-(\d+)\.lua$/;
const INCLUDE_PATTERN = /^--@include (\w+)\s*$/gm;

export const SCRIPT_NAMES = [
  "submitGraph",
  "startNode",
  "completeNode",
  "failNode",
  "skipNode",
  "heartbeat",
  "pauseGraph",
  "resumeGraph",
  "cancelGraph",
  "retryNode",
  "promoteTimers",
  "releaseNode",
] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

type ScriptArg = string | number | Buffer;
export type ScriptReply = Array<string | number | null>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    submitGraph(...args: ScriptArg[]): Result<ScriptReply, Context>;
    startNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    completeNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    failNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    skipNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    heartbeat(...args: ScriptArg[]): Result<number[], Context>;
    pauseGraph(...args: ScriptArg[]): Result<ScriptReply, Context>;
    resumeGraph(...args: ScriptArg[]): Result<ScriptReply, Context>;
    cancelGraph(...args: ScriptArg[]): Result<ScriptReply, Context>;
    retryNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    promoteTimers(...args: ScriptArg[]): Result<ScriptReply, Context>;
    releaseNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
  }
}

export interface LoadedScript {
  name: ScriptName;
  numberOfKeys: number;
  lua: string;
  /** SHA1 of the source: the name Redis' script cache knows it by. */
  sha: string;
}

/** Inlines each `--@include` line, and those of the included files (core includes codes), each file once. */
function resolveIncludes(source: string, file: string, included = new Set<string>()): string {
  return source.replace(INCLUDE_PATTERN, (_line, include: string) => {
    if (included.has(include)) return "";
    included.add(include);
    let text: string;
    try {
      text = readFileSync(`${SCRIPT_DIR}includes/${include}.lua`, "utf8");
    } catch (cause) {
      throw new Error(`${file}: cannot include "${include}"`, { cause });
    }
    return resolveIncludes(text, file, included);
  });
}

let cached: LoadedScript[] | undefined;

export function loadScripts(): LoadedScript[] {
  if (cached) return cached;
  const scripts: LoadedScript[] = [];
  for (const file of readdirSync(SCRIPT_DIR)) {
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    const name = match[1] as ScriptName;
    if (!SCRIPT_NAMES.includes(name)) throw new Error(`unexpected script file ${file}`);
    const lua = resolveIncludes(readFileSync(`${SCRIPT_DIR}${file}`, "utf8"), file);
    scripts.push({
      name,
      numberOfKeys: Number(match[2]),
      lua,
      sha: createHash("sha1").update(lua).digest("hex"),
    });
  }
  const missing = SCRIPT_NAMES.filter((name) => !scripts.some((s) => s.name === name));
  if (missing.length > 0) throw new Error(`missing engine scripts: ${missing.join(", ")}`);
  cached = scripts;
  return scripts;
}

const registered = new WeakSet<Redis>();

export function registerScripts(redis: Redis): void {
  if (registered.has(redis)) return;
  for (const script of loadScripts()) {
    redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
}

/** Loads every script into Redis' script cache now, so that a syntax error shows at start and /ready can tell. */
export async function preloadScripts(redis: Redis): Promise<void> {
  for (const script of loadScripts()) {
    await redis.script("LOAD", script.lua);
  }
}
