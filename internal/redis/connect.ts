// Builds ioredis clients from the Redis section of the configuration, so every connection is set up alike.
import { readFileSync } from "node:fs";
import { isIP, Socket } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import type { RedisConfig } from "../config/index.js";

export type RedisConnectionConfig = Pick<
  RedisConfig,
  "host" | "port" | "tls" | "tlsCaFile" | "db" | "username" | "password"
>;

export interface CreateRedisOptions {
  /** Shown by CLIENT LIST as `dago:<name>`, to tell connections apart when debugging. */
  name?: string;
  /** Connect on the first command (or connect()) instead of at once. */
  lazy?: boolean;
  /** null retries forever, which blocking readers need; ioredis defaults to 20. */
  maxRetriesPerRequest?: number | null;
  /** When false, commands issued while disconnected fail at once instead of waiting for a reconnection. */
  enableOfflineQueue?: boolean;
  /** Fails a command that gets no reply within this many milliseconds. Leave unset for blocking commands. */
  commandTimeout?: number;
  /**
   * Sends the commands issued in one event-loop tick as one write, so many concurrent script calls cost Redis
   * one read instead of one each. Never on a connection that runs blocking commands.
   */
  autoPipelining?: boolean;
  /**
   * When false, a command in flight when the connection dropped is not sent again after the reconnection; it
   * fails (at its commandTimeout) instead. Redis may have run it before the drop, and a resent write would then
   * be applied twice (a second graph for one submission), so connections that answer clients turn it off.
   */
  resendAfterReconnect?: boolean;
}

function connectionName(name: string | undefined): string {
  // CLIENT SETNAME refuses spaces and newlines.
  return name === undefined ? "dago" : `dago:${name.replace(/\s+/g, "-")}`;
}

export function createRedis(config: RedisConnectionConfig, options: CreateRedisOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    host: config.host,
    port: config.port,
    db: config.db,
    connectionName: connectionName(options.name),
    lazyConnect: options.lazy ?? false,
  };
  if (config.username !== undefined) redisOptions.username = config.username;
  if (config.password !== undefined) redisOptions.password = config.password;
  if (config.tls) {
    redisOptions.tls = {
      // SNI carries host names only; a certificate for an IP address is checked against its IP SAN without it.
      ...(isIP(config.host) === 0 ? { servername: config.host } : {}),
      ...(config.tlsCaFile === undefined ? {} : { ca: readFileSync(config.tlsCaFile) }),
    };
  }
  if (options.maxRetriesPerRequest !== undefined)
    redisOptions.maxRetriesPerRequest = options.maxRetriesPerRequest;
  if (options.enableOfflineQueue !== undefined) redisOptions.enableOfflineQueue = options.enableOfflineQueue;
  if (options.commandTimeout !== undefined) redisOptions.commandTimeout = options.commandTimeout;
  if (options.autoPipelining) redisOptions.enableAutoPipelining = true;
  if (options.resendAfterReconnect === false) redisOptions.autoResendUnfulfilledCommands = false;
  return new Redis(redisOptions);
}

/**
 * Whether a Redis server answers at host:port, trying one plain connection without retries.
 * A server that demands authentication counts as answering: something is there, and it is Redis.
 */
export function pingRedis(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = "";
    let settled = false;
    const finish = (answered: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding("utf8");
    socket.once("error", () => finish(false));
    socket.once("close", () => finish(false));
    socket.on("data", (chunk: string) => {
      reply += chunk;
      if (!reply.includes("\r\n")) return;
      finish(/^(\+PONG|-NOAUTH|-WRONGPASS)/.test(reply));
    });
    socket.connect(port, host, () => {
      socket.write("PING\r\n");
    });
  });
}

/** Start-up found no Redis that answers: nothing dago does can work without one. */
export class RedisUnreachableError extends Error {
  readonly host: string;
  readonly port: number;

  constructor(host: string, port: number, seconds: number, lastError: Error | undefined) {
    const why = lastError === undefined ? "" : ` (${lastError.message})`;
    super(`Redis at ${host}:${port} did not answer within ${seconds} s${why}: ${fixFor(lastError)}`, {
      cause: lastError,
    });
    this.name = "RedisUnreachableError";
    this.host = host;
    this.port = port;
  }
}

function fixFor(lastError: Error | undefined): string {
  if (/NOAUTH|WRONGPASS|invalid password|ACL/i.test(lastError?.message ?? "")) {
    return "check REDIS_USER and REDIS_PASS, or the credentials in REDIS_URL";
  }
  return "start it, or point REDIS_ADDR or REDIS_URL at a running Redis";
}

/**
 * Resolves once the connection is ready; a connection that is still not ready after `timeoutMs` is refused with
 * the last error it met, which says why (refused, unresolvable host, wrong password...).
 */
export async function waitUntilReady(
  redis: Redis,
  where: { host: string; port: number },
  timeoutMs = 10_000,
): Promise<void> {
  if (redis.status === "ready") return;
  let lastError: Error | undefined;
  const remember = (err: Error) => {
    lastError = err;
  };
  redis.on("error", remember);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off("ready", onReady);
        reject(new RedisUnreachableError(where.host, where.port, Math.round(timeoutMs / 1000), lastError));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once("ready", onReady);
    });
  } finally {
    redis.off("error", remember);
  }
}
