// Lets `dago serve` work on a laptop with nothing but redis-server installed: when no Redis answers and none was
// configured, a private one is started under the data directory, with an append-only file so nothing is lost.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { Config, RedisConfig } from "../config/index.js";
import type { Logger } from "../observability/index.js";
import { pingRedis } from "./connect.js";

const LOOPBACK = "127.0.0.1";
const INSTALL_HINT =
  "install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`), " +
  "or point REDIS_ADDR or REDIS_URL at a running Redis";

// Runs redis-server under a small shell that holds the read end of a pipe from this process. When this process
// ends in any way, even SIGKILL, the pipe closes, `read` returns and the shell stops the server: a private Redis
// never outlives its owner. The shell also forwards SIGTERM and waits, so its exit means the server is gone.
const SUPERVISOR = `
command -v "$1" >/dev/null 2>&1 || { echo "$1: not found" >&2; exit 127; }
exec 3<&0
"$@" </dev/null 3<&- &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT HUP
(read -r _ <&3; kill -TERM "$server" 2>/dev/null) </dev/null &
watcher=$!
exec 3<&-
code=0
while :; do
  wait "$server"
  code=$?
  kill -0 "$server" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
exit "$code"
`;

export class RedisServerNotFoundError extends Error {
  constructor(bin: string) {
    super(`${bin} was not found on PATH; ${INSTALL_HINT}`);
    this.name = "RedisServerNotFoundError";
  }
}

export interface SpawnRedisServerOptions {
  port: number;
  /** Working directory of the server: the append-only files go there. Must exist. */
  dir: string;
  logFile: string;
  /** Extra redis-server arguments, e.g. persistence settings. */
  args?: string[];
  /** Name looked up on PATH, or a path. Default "redis-server". */
  bin?: string;
  /** PATH to search for `bin`; the inherited one when unset. */
  searchPath?: string;
  /** How long to wait for the first PONG. Default 10 s. */
  startTimeoutMs?: number;
}

export interface RedisServerProcess {
  /** Process id of the supervising shell; signalling it reaches the server. */
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  /** Resolves with the exit code (null when killed by a signal) once the server is gone. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (the server flushes its append-only file), then SIGKILL after `timeoutMs` (default 10 s). */
  stop(timeoutMs?: number): Promise<void>;
  /** Sends `signal` to the server and its supervisor at once; SIGKILL simulates a crash. */
  kill(signal: NodeJS.Signals): void;
}

function logTail(logFile: string, lines = 20): string {
  try {
    const text = readFileSync(logFile, "utf8").trimEnd();
    return text.split("\n").slice(-lines).join("\n") || "(empty)";
  } catch {
    return "(no log)";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts redis-server on 127.0.0.1:port and resolves once it answers PING. */
export async function spawnRedisServer(options: SpawnRedisServerOptions): Promise<RedisServerProcess> {
  const bin = options.bin ?? "redis-server";
  const args = ["--bind", LOOPBACK, "--port", String(options.port), "--dir", options.dir];
  args.push("--daemonize", "no", "--logfile", options.logFile, ...(options.args ?? []));
  const logFd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn("/bin/sh", ["-c", SUPERVISOR, "dago-redis", bin, ...args], {
      cwd: options.dir,
      // Its own process group, so a Ctrl-C in the terminal does not stop Redis before dago has shut down.
      detached: true,
      stdio: ["pipe", logFd, logFd],
      ...(options.searchPath === undefined ? {} : { env: { PATH: options.searchPath } }),
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<number | null>((done) => {
    child.once("exit", (code) => done(code));
    child.once("error", () => done(null));
  });
  const onParentExit = () => signalGroup(child, "SIGTERM");
  process.once("exit", onParentExit);
  void exited.then(() => {
    process.removeListener("exit", onParentExit);
    child.stdin?.destroy();
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) {
      if (exitCode === 127) throw new RedisServerNotFoundError(bin);
      throw new Error(
        `redis-server exited (code ${exitCode}) before answering on ${LOOPBACK}:${options.port}; ` +
          `last lines of ${options.logFile}:\n${logTail(options.logFile)}`,
      );
    }
    if (await pingRedis(LOOPBACK, options.port, 500)) break;
    if (Date.now() > deadline) {
      signalGroup(child, "SIGKILL");
      await exited;
      throw new Error(
        `redis-server did not answer on ${LOOPBACK}:${options.port} within ${options.startTimeoutMs ?? 10_000} ms; ` +
          `last lines of ${options.logFile}:\n${logTail(options.logFile)}`,
      );
    }
    await sleep(50);
  }

  // Only stop() and process exit should end the server; it must not keep this process alive by itself.
  child.unref();
  (child.stdin as { unref?: () => void } | null)?.unref?.();

  return {
    pid: child.pid ?? 0,
    port: options.port,
    logFile: options.logFile,
    exited,
    kill: (signal) => signalGroup(child, signal),
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port nothing listens on right now (the OS picks it). Another process may take it before it is used. */
export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once("error", () => done(false));
    server.listen(port, LOOPBACK, () => server.close(() => done(true)));
  });
}

export interface EnsureRedisOptions {
  /** redis-server name or path. Default "redis-server". */
  redisServerBin?: string;
  /** PATH to search for the binary; the inherited one when unset. */
  searchPath?: string;
  startTimeoutMs?: number;
}

export interface EnsuredRedis {
  /** The Redis to connect to: the configured one, or the private server. */
  config: RedisConfig;
  /** True when a private redis-server was started. */
  embedded: boolean;
  /** Stops the private server (no-op otherwise). */
  stop(): Promise<void>;
}

/** Returns a Redis to use, starting a private redis-server under `<dataDir>/redis` when the config asks for it. */
export async function ensureRedis(
  config: Pick<Config, "redis" | "dataDir">,
  logger: Logger,
  options: EnsureRedisOptions = {},
): Promise<EnsuredRedis> {
  const redis = config.redis;
  const asConfigured: EnsuredRedis = { config: redis, embedded: false, stop: async () => {} };
  if (redis.embedded === "never" || redis.explicit) return asConfigured;
  if (redis.embedded === "auto" && (await pingRedis(redis.host, redis.port, 1000))) {
    logger.debug("using the redis-server that answers at the default address", {
      host: redis.host,
      port: redis.port,
    });
    return asConfigured;
  }
  // "always" must not collide with a Redis already on the configured port.
  const port =
    redis.embedded === "always" && !(await isPortFree(redis.port)) ? await findFreePort() : redis.port;
  const dir = resolve(config.dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const spawnOptions: SpawnRedisServerOptions = {
    port,
    dir,
    logFile: join(dir, "redis.log"),
    args: ["--appendonly", "yes", "--appendfsync", redis.embeddedFsync, "--save", ""],
  };
  if (options.redisServerBin !== undefined) spawnOptions.bin = options.redisServerBin;
  if (options.searchPath !== undefined) spawnOptions.searchPath = options.searchPath;
  if (options.startTimeoutMs !== undefined) spawnOptions.startTimeoutMs = options.startTimeoutMs;
  const server = await spawnRedisServer(spawnOptions);
  logger.info("started private redis-server", {
    port,
    dir,
    pid: server.pid,
    appendfsync: redis.embeddedFsync,
  });
  // The private server has no ACL users or password; credentials meant for another Redis would be refused.
  const { username: _username, password: _password, ...rest } = redis;
  return {
    config: { ...rest, host: LOOPBACK, port, tls: false },
    embedded: true,
    async stop() {
      await server.stop();
      logger.info("stopped private redis-server", { port });
    },
  };
}
