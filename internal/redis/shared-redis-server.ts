// Finds, starts and leaves the one private redis-server of a data directory, shared by every dago process that
// uses that directory (serve, worker, check, the worker SDK). A process registers as a user before it reads the
// address file; the supervisor stops the server once no registered user is alive, so the last one out stops it,
// a SIGKILLed user cannot keep it alive, and the process that started it may end while others still use it.
import { mkdirSync } from "node:fs";
import { isPortFree, LOOPBACK } from "./free-port.js";
import { isProcessAlive } from "./process-alive.js";
import { readServerIdentity } from "./server-identity.js";
import {
  liveUsers,
  readAddress,
  registerUser,
  type SharedRedisAddress,
  type SharedRedisPaths,
  sharedRedisPaths,
  type UserRegistration,
  unregisterUser,
  writeAddress,
} from "./shared-redis-files.js";
import { launchSharedRedisServer } from "./spawn-redis-server.js";
import { StartLock } from "./start-lock.js";

export interface SharedRedisLease {
  readonly address: SharedRedisAddress;
  readonly paths: SharedRedisPaths;
  /** True when this process started the server, false when it joined one that ran. */
  readonly started: boolean;
  /** Unregisters; the last user out waits until the server has stopped. */
  leave(): Promise<void>;
}

export interface StartSharedRedisOptions {
  /** The port for a new server when no earlier one of this directory left its port free. */
  choosePort(): Promise<number>;
  /** redis-server arguments beyond address, directory and log. */
  args: string[];
  bin?: string;
  searchPath?: string;
  startTimeoutMs?: number;
}

/** How long a process waits for another's start or stop before it says which process is in the way. */
const WAIT_FOR_OTHERS_MS = 60_000;
const POLL_MS = 50;
const IDENTITY_TIMEOUT_MS = 1000;

type Inspection =
  | { kind: "running"; address: SharedRedisAddress }
  /** The server answers but its supervisor is gone (it was killed): nothing would stop the server. */
  | { kind: "orphan"; address: SharedRedisAddress }
  /** Starting, stopping, or not answering while its processes live. */
  | { kind: "busy"; why: string }
  | { kind: "none"; lastPort?: number };

/** Joins the private server of `dataDir` when one runs; never starts one. */
export async function joinSharedRedis(dataDir: string, role: string): Promise<SharedRedisLease | undefined> {
  return acquire(sharedRedisPaths(dataDir), role, undefined);
}

/** Joins the private server of `dataDir`, starting it when none runs. */
export async function joinOrStartSharedRedis(
  dataDir: string,
  role: string,
  options: StartSharedRedisOptions,
): Promise<SharedRedisLease> {
  const lease = await acquire(sharedRedisPaths(dataDir), role, options);
  if (lease === undefined) throw new Error("no private redis-server was started");
  return lease;
}

async function acquire(
  paths: SharedRedisPaths,
  role: string,
  start: StartSharedRedisOptions | undefined,
): Promise<SharedRedisLease | undefined> {
  if (
    start === undefined &&
    readAddress(paths.address) === undefined &&
    readAddress(paths.stopping) === undefined
  ) {
    return undefined;
  }
  mkdirSync(paths.usersDir, { recursive: true });
  // Registered before the address file is read: a supervisor deciding to stop looks again after hiding the address,
  // so it sees every user that could have read it.
  const user = registerUser(paths.usersDir, role);
  let lease: SharedRedisLease | undefined;
  try {
    const waitMs = WAIT_FOR_OTHERS_MS + (start?.startTimeoutMs ?? 10_000);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = await inspect(paths);
      if (found.kind === "running" || (found.kind === "orphan" && start === undefined)) {
        lease = leaseFor(paths, found.address, user, false);
        return lease;
      }
      if (found.kind === "none" && start === undefined) return undefined;
      if (found.kind !== "busy" && start !== undefined) {
        const attempt = StartLock.tryAcquire(paths.lock);
        if (attempt.acquired) {
          try {
            const outcome = await startUnderLock(paths, attempt.lock, start);
            if (outcome !== undefined) {
              lease = leaseFor(paths, outcome.address, user, outcome.started);
              return lease;
            }
          } finally {
            attempt.lock.release();
          }
        } else if (attempt.abandoned.length > 0 && readAddress(paths.address) === undefined) {
          // A starter died after spawning the supervisor and before writing the address: nobody can have joined
          // that server, so it is stopped, and the next round starts a new one.
          for (const pid of attempt.abandoned) signal(pid, "SIGTERM");
        }
      }
      if (Date.now() > deadline) {
        const why = found.kind === "busy" ? found.why : `the start lock ${paths.lock} is held`;
        throw new Error(
          `the private redis-server under ${paths.dataDir} did not become usable within ` +
            `${Math.round(waitMs / 1000)} s: ${why}`,
        );
      }
      await sleep(POLL_MS);
    }
  } finally {
    if (lease === undefined) unregisterUser(user);
  }
}

async function inspect(paths: SharedRedisPaths): Promise<Inspection> {
  const address = readAddress(paths.address);
  if (address !== undefined) {
    const identity = await readServerIdentity(address.host, address.port, IDENTITY_TIMEOUT_MS);
    if (identity?.runId === address.runId) {
      return isProcessAlive(address.supervisorPid)
        ? { kind: "running", address }
        : { kind: "orphan", address };
    }
    if (isProcessAlive(address.supervisorPid) || isProcessAlive(address.serverPid)) {
      return {
        kind: "busy",
        why:
          `${paths.address} names redis-server ${address.serverPid} (supervisor ${address.supervisorPid}) on port ` +
          `${address.port}, which runs but does not answer as that server; stop it or remove the file`,
      };
    }
    return { kind: "none", lastPort: address.port };
  }
  const stopping = readAddress(paths.stopping);
  if (
    stopping !== undefined &&
    (isProcessAlive(stopping.supervisorPid) || isProcessAlive(stopping.serverPid))
  ) {
    return { kind: "busy", why: `redis-server ${stopping.serverPid} is stopping` };
  }
  return stopping === undefined ? { kind: "none" } : { kind: "none", lastPort: stopping.port };
}

/** Under the lock, looks again and starts a server if still none runs; undefined when the caller should retry. */
async function startUnderLock(
  paths: SharedRedisPaths,
  lock: StartLock,
  options: StartSharedRedisOptions,
): Promise<{ address: SharedRedisAddress; started: boolean } | undefined> {
  const found = await inspect(paths);
  if (found.kind === "running") return { address: found.address, started: false };
  if (found.kind === "busy") return undefined;
  let lastPort: number | undefined;
  if (found.kind === "orphan") {
    await stopOrphan(found.address);
    lastPort = found.address.port;
  } else {
    lastPort = found.lastPort;
  }
  // The port of the last server when it is free again, so processes still connected to it reconnect to the new one.
  const port = lastPort !== undefined && (await isPortFree(lastPort)) ? lastPort : await options.choosePort();
  mkdirSync(paths.redisDir, { recursive: true });
  const launched = launchSharedRedisServer({
    port,
    dir: paths.redisDir,
    logFile: paths.logFile,
    args: options.args,
    usersDir: paths.usersDir,
    addressFile: paths.address,
    ...(options.bin === undefined ? {} : { bin: options.bin }),
    ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
  try {
    lock.addHelper(launched.pid);
    await launched.start();
    const identity = await readServerIdentity(LOOPBACK, port, IDENTITY_TIMEOUT_MS * 5);
    if (identity === undefined)
      throw new Error(`redis-server on ${LOOPBACK}:${port} did not answer INFO server`);
    const address: SharedRedisAddress = {
      host: LOOPBACK,
      port,
      supervisorPid: launched.pid,
      serverPid: identity.processId,
      runId: identity.runId,
      startedAt: new Date().toISOString(),
      startedBy: process.pid,
    };
    writeAddress(paths.address, address);
    return { address, started: true };
  } catch (err) {
    await launched.abandon();
    throw err;
  }
}

async function stopOrphan(address: SharedRedisAddress): Promise<void> {
  signal(address.serverPid, "SIGTERM");
  await waitFor(() => !isProcessAlive(address.serverPid), 30_000);
}

function leaseFor(
  paths: SharedRedisPaths,
  address: SharedRedisAddress,
  user: UserRegistration,
  started: boolean,
): SharedRedisLease {
  // A process that ends without leave() (an uncaught error, process.exit) unregisters on the way out and wakes
  // the supervisor, which stops the server if that was the last user.
  const onExit = () => {
    unregisterUser(user);
    if (liveUsers(paths.usersDir).length === 0) signal(address.supervisorPid, "SIGUSR1");
  };
  process.once("exit", onExit);
  let left: Promise<void> | undefined;
  return {
    address,
    paths,
    started,
    leave() {
      left ??= (async () => {
        process.removeListener("exit", onExit);
        unregisterUser(user);
        if (liveUsers(paths.usersDir).length > 0) return;
        if (isProcessAlive(address.supervisorPid)) {
          signal(address.supervisorPid, "SIGUSR1");
          // Done when the server is gone, or when someone joined and the supervisor kept it.
          await waitFor(
            () => !isProcessAlive(address.supervisorPid) || liveUsers(paths.usersDir).length > 0,
            30_000,
          );
        } else {
          const identity = await readServerIdentity(address.host, address.port, IDENTITY_TIMEOUT_MS);
          if (identity?.runId === address.runId) await stopOrphan(address);
        }
      })();
      return left;
    },
  };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(POLL_MS);
}
