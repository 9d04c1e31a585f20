// The files under the data directory through which every dago process of one checkout finds and shares the one
// private redis-server: the address file, the users directory and the start lock (docs/ARCHITECTURE.md).
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isProcessAlive } from "./process-alive.js";

export interface SharedRedisPaths {
  dataDir: string;
  /** The server's own directory: append-only files and redis.log. */
  redisDir: string;
  logFile: string;
  /** Where the running server is: written once it answers, removed once it is gone. */
  address: string;
  /** The address file while the supervisor decides to stop the server. */
  stopping: string;
  lock: string;
  /** One file `<pid>-<token>` per process that uses the server. */
  usersDir: string;
}

export function sharedRedisPaths(dataDir: string): SharedRedisPaths {
  const dir = resolve(dataDir);
  const address = join(dir, "redis-server.json");
  return {
    dataDir: dir,
    redisDir: join(dir, "redis"),
    logFile: join(dir, "redis", "redis.log"),
    address,
    stopping: `${address}.stopping`,
    lock: join(dir, "redis-server.lock"),
    usersDir: join(dir, "redis-server.users"),
  };
}

export interface SharedRedisAddress {
  host: string;
  port: number;
  /** The supervising shell: it stops the server when no user is left. */
  supervisorPid: number;
  serverPid: number;
  /** `run_id` of INFO server: tells this server from another that took the port later. */
  runId: string;
  startedAt: string;
  startedBy: number;
}

export function readAddress(path: string): SharedRedisAddress | undefined {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<SharedRedisAddress>;
    const { host, port, supervisorPid, serverPid, runId, startedAt, startedBy } = value;
    if (
      typeof host !== "string" ||
      !Number.isInteger(port) ||
      !Number.isInteger(supervisorPid) ||
      !Number.isInteger(serverPid) ||
      typeof runId !== "string"
    ) {
      return undefined;
    }
    return {
      host,
      port: port as number,
      supervisorPid: supervisorPid as number,
      serverPid: serverPid as number,
      runId,
      startedAt: String(startedAt),
      startedBy: Number(startedBy),
    };
  } catch {
    return undefined;
  }
}

/** Written under a temporary name and renamed, so a reader sees the whole file or none. */
export function writeAddress(path: string, address: SharedRedisAddress): void {
  const temporary = `${path}.${randomBytes(8).toString("hex")}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(address, null, 2)}\n`);
  renameSync(temporary, path);
}

export interface UserRegistration {
  readonly file: string;
}

export function registerUser(usersDir: string, role: string): UserRegistration {
  const file = join(usersDir, `${process.pid}-${randomBytes(6).toString("hex")}`);
  writeFileSync(file, `${JSON.stringify({ pid: process.pid, role, since: new Date().toISOString() })}\n`);
  return { file };
}

export function unregisterUser(user: UserRegistration): void {
  try {
    unlinkSync(user.file);
  } catch {
    // Already removed (the supervisor removes the files of dead users).
  }
}

/** Process ids of the registered users that are alive. */
export function liveUsers(usersDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(usersDir);
  } catch {
    return [];
  }
  return names.map((name) => Number(name.split("-")[0])).filter(isProcessAlive);
}
