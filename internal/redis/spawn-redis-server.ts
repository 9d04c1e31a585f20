// Starts redis-server processes under a small supervising shell, in one of two ways:
// - owned (spawnRedisServer): the server lives as long as the process that started it; the tests and the
//   benchmarks use it;
// - shared (launchSharedRedisServer): the private server of a data directory, which lives as long as any process
//   registered as its user (shared-redis-server.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { pingRedis } from "./connect.js";
import { LOOPBACK } from "./free-port.js";
import { RedisServerNotFoundError } from "./redis-server-not-found.js";

// Holds the read end of a pipe from the owner. When the owner ends in any way, even SIGKILL, the pipe closes,
// `read` returns and the shell stops the server: this server never outlives its owner. The shell also forwards
// SIGTERM and waits, so its exit means the server is gone.
const OWNED_SUPERVISOR = `
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

// Starts the server only once its starter says "go" on stdin: by then the starter has written this shell's pid
// into the data directory's lock, so no server ever runs that neither the lock nor the address file names (a
// starter killed before that leaves a shell that reads end-of-file and exits). Then, every second or at SIGUSR1,
// it looks for a live user in $DAGO_REDIS_USERS (files named <pid>-<token>); when there is none it hides the
// address file (so nobody joins), looks once more (a user registers before it reads the address, so one that
// read it is seen now) and stops the server, or puts the address back. SIGTERM stops the server at once. It
// exits once the server is gone, after removing the address file.
const SHARED_SUPERVISOR = `
command -v "$1" >/dev/null 2>&1 || { echo "$1: not found" >&2; exit 127; }
read -r go || exit 0
[ "$go" = go ] || exit 0
exec 0</dev/null
"$@" &
server=$!
stopping=
trap 'stopping=1; kill -TERM "$server" 2>/dev/null' TERM INT HUP
trap ':' USR1
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  state=$(sed -n 's/^.*) \\(.\\).*$/\\1/p' "/proc/$1/stat" 2>/dev/null)
  [ "$state" != Z ]
}
live_users() {
  for entry in "$DAGO_REDIS_USERS"/*; do
    [ -e "$entry" ] || continue
    name=\${entry##*/}
    if alive "\${name%%-*}"; then return 0; fi
    rm -f "$entry"
  done
  return 1
}
while [ -z "$stopping" ] && kill -0 "$server" 2>/dev/null; do
  sleep 1 &
  wait $! 2>/dev/null
  [ -z "$stopping" ] || break
  live_users && continue
  mv -f "$DAGO_REDIS_ADDRESS" "$DAGO_REDIS_ADDRESS.stopping" 2>/dev/null
  if live_users; then
    mv -f "$DAGO_REDIS_ADDRESS.stopping" "$DAGO_REDIS_ADDRESS" 2>/dev/null
    continue
  fi
  kill -TERM "$server" 2>/dev/null
  break
done
code=0
while :; do
  wait "$server"
  code=$?
  kill -0 "$server" 2>/dev/null || break
done
rm -f "$DAGO_REDIS_ADDRESS" "$DAGO_REDIS_ADDRESS.stopping"
exit "$code"
`;

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

export function logTail(logFile: string, lines = 20): string {
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

function spawnSupervisor(
  script: string,
  options: SpawnRedisServerOptions,
  env: Record<string, string> = {},
): { child: ChildProcess; exited: Promise<number | null> } {
  const bin = options.bin ?? "redis-server";
  const args = ["--bind", LOOPBACK, "--port", String(options.port), "--dir", options.dir];
  args.push("--daemonize", "no", "--logfile", options.logFile, ...(options.args ?? []));
  const logFd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn("/bin/sh", ["-c", script, "dago-redis", bin, ...args], {
      cwd: options.dir,
      // Its own session and process group, so a Ctrl-C in the terminal does not stop Redis before dago has shut
      // down, and a closed terminal does not stop a server other processes use.
      detached: true,
      stdio: ["pipe", logFd, logFd],
      env: {
        ...process.env,
        ...(options.searchPath === undefined ? {} : { PATH: options.searchPath }),
        ...env,
      },
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<number | null>((done) => {
    child.once("exit", (code) => done(code));
    child.once("error", () => done(null));
  });
  // A supervisor that ends before reading its "go" (redis-server not on PATH) closes the pipe: writing to it then
  // fails with EPIPE, and the exit code already says why.
  child.stdin?.on("error", () => undefined);
  return { child, exited };
}

/** Waits for the first PONG; on failure the supervisor is killed and the error says why, with the log's tail. */
async function waitForPong(
  child: ChildProcess,
  exited: Promise<number | null>,
  options: SpawnRedisServerOptions,
): Promise<void> {
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) {
      if (exitCode === 127) throw new RedisServerNotFoundError(options.bin ?? "redis-server");
      throw new Error(
        `redis-server exited (code ${exitCode}) before answering on ${LOOPBACK}:${options.port}; ` +
          `last lines of ${options.logFile}:\n${logTail(options.logFile)}`,
      );
    }
    if (await pingRedis(LOOPBACK, options.port, 500)) return;
    if (Date.now() > deadline) {
      signalGroup(child, "SIGKILL");
      await exited;
      throw new Error(
        `redis-server did not answer on ${LOOPBACK}:${options.port} within ${timeoutMs} ms; ` +
          `last lines of ${options.logFile}:\n${logTail(options.logFile)}`,
      );
    }
    await sleep(50);
  }
}

/** Starts redis-server on 127.0.0.1:port, owned by this process, and resolves once it answers PING. */
export async function spawnRedisServer(options: SpawnRedisServerOptions): Promise<RedisServerProcess> {
  const { child, exited } = spawnSupervisor(OWNED_SUPERVISOR, options);
  const onParentExit = () => signalGroup(child, "SIGTERM");
  process.once("exit", onParentExit);
  void exited.then(() => {
    process.removeListener("exit", onParentExit);
    child.stdin?.destroy();
  });
  await waitForPong(child, exited, options);

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

export interface SharedSupervisorOptions extends SpawnRedisServerOptions {
  /** Directory of user registrations, one file `<pid>-<token>` per user. */
  usersDir: string;
  /** The address file the supervisor hides while deciding to stop, and removes once the server is gone. */
  addressFile: string;
}

export interface LaunchedSharedServer {
  /** Process id of the supervising shell, known before the server starts. */
  readonly pid: number;
  /** Lets the server start and resolves once it answers PING; on failure nothing is left running. */
  start(): Promise<void>;
  /** Ends the supervisor and the server at once (a failed start). */
  abandon(): Promise<void>;
}

/** Spawns the supervisor of a shared private server; the server itself starts at start(). */
export function launchSharedRedisServer(options: SharedSupervisorOptions): LaunchedSharedServer {
  const { child, exited } = spawnSupervisor(SHARED_SUPERVISOR, options, {
    DAGO_REDIS_USERS: options.usersDir,
    DAGO_REDIS_ADDRESS: options.addressFile,
  });
  const release = () => {
    // The server outlives this process when others use it: nothing here may keep this process alive or stop it.
    child.unref();
    (child.stdin as { unref?: () => void } | null)?.unref?.();
  };
  return {
    pid: child.pid ?? 0,
    async start() {
      child.stdin?.end("go\n");
      await waitForPong(child, exited, options);
      release();
    },
    async abandon() {
      child.stdin?.destroy();
      signalGroup(child, "SIGKILL");
      await exited;
    },
  };
}
