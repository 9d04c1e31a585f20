// The one loader of every Lua script dago runs: the graph transitions (scripts/graph), the tenant quotas
// (scripts/quota) and the shared LLM provider gate (scripts/llm). It resolves `--@include` lines against
// scripts/includes and registers each script on an ioredis client, which then runs it by EVALSHA and sends the
// source again by itself on NOSCRIPT (a restarted Redis). Each script's KEYS/ARGV contract is in its header; the
// number after the dash in its file name is its key count.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis, Result } from "ioredis";

const SCRIPT_DIR = fileURLToPath(new URL("./scripts/", import.meta.url));
const FILE_PATTERN = /^([A-Za-z]+)-(\d+)\.lua$/;
const INCLUDE_PATTERN = /^--@include (\w+)\s*$/gm;

/** Every script, by the folder it lives in. */
export const SCRIPT_FOLDERS = {
  graph: [
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
    "patchGraph",
    "expandNode",
    "waitNode",
    "decideNode",
    "assignNode",
  ],
  quota: ["takeRateToken", "reserveGraphSlot"],
  llm: ["admitLlmCall", "releaseLlmCall", "reserveBudget", "settleBudget"],
  templates: ["pushTemplate"],
} as const;

export type ScriptFolder = keyof typeof SCRIPT_FOLDERS;
export type ScriptName = (typeof SCRIPT_FOLDERS)[ScriptFolder][number];

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
    patchGraph(...args: ScriptArg[]): Result<ScriptReply, Context>;
    expandNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    waitNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    decideNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    assignNode(...args: ScriptArg[]): Result<ScriptReply, Context>;
    takeRateToken(...args: ScriptArg[]): Result<number[], Context>;
    reserveGraphSlot(...args: ScriptArg[]): Result<number[], Context>;
    admitLlmCall(...args: ScriptArg[]): Result<number[], Context>;
    releaseLlmCall(...args: ScriptArg[]): Result<number[], Context>;
    reserveBudget(...args: ScriptArg[]): Result<number[], Context>;
    settleBudget(...args: ScriptArg[]): Result<number[], Context>;
    pushTemplate(...args: ScriptArg[]): Result<Array<string | number>, Context>;
  }
}

export interface LoadedScript {
  name: ScriptName;
  folder: ScriptFolder;
  numberOfKeys: number;
  /** The source with every include inlined: what Redis runs. */
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

function loadFolder(folder: ScriptFolder): LoadedScript[] {
  const names: readonly ScriptName[] = SCRIPT_FOLDERS[folder];
  const scripts: LoadedScript[] = [];
  for (const file of readdirSync(`${SCRIPT_DIR}${folder}`)) {
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    const name = match[1] as ScriptName;
    if (!names.includes(name)) throw new Error(`unexpected script file ${folder}/${file}`);
    const lua = resolveIncludes(readFileSync(`${SCRIPT_DIR}${folder}/${file}`, "utf8"), `${folder}/${file}`);
    scripts.push({
      name,
      folder,
      numberOfKeys: Number(match[2]),
      lua,
      sha: createHash("sha1").update(lua).digest("hex"),
    });
  }
  const missing = names.filter((name) => !scripts.some((s) => s.name === name));
  if (missing.length > 0) throw new Error(`missing ${folder} scripts: ${missing.join(", ")}`);
  return scripts;
}

let cached: LoadedScript[] | undefined;

/** Every script, read and resolved once per process. */
export function loadScripts(): LoadedScript[] {
  cached ??= (Object.keys(SCRIPT_FOLDERS) as ScriptFolder[]).flatMap(loadFolder);
  return cached;
}

const registered = new WeakSet<Redis>();

/** Makes every script a command of this connection (`redis.startNode(...)`); once per connection. */
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

/**
 * The readiness check of the scripts: loads whichever ones Redis' script cache lacks. A restarted Redis has
 * forgotten every script; a connection loads one again on its first use, but one nobody has used yet (pause,
 * retry) would keep the server not-ready forever.
 */
export async function ensureScriptsLoaded(redis: Redis): Promise<void> {
  const scripts = loadScripts();
  const loaded = (await redis.script("EXISTS", ...scripts.map((s) => s.sha))) as number[];
  for (const [i, script] of scripts.entries()) {
    if (loaded[i] !== 1) await redis.script("LOAD", script.lua);
  }
}
