// Lets `dago serve` work on a laptop with nothing but redis-server installed: when no Redis answers and none was
// configured, a private one is started under the data directory, with an append-only file so nothing is lost.
// Every dago process of the data directory shares that one server (shared-redis-server.ts).
import type { Config, RedisConfig } from "../config/index.js";
import type { Logger } from "../observability/index.js";
import { pingRedis } from "./connect.js";
import { findFreePort, isPortFree, LOOPBACK } from "./free-port.js";
import {
  joinOrStartSharedRedis,
  joinSharedRedis,
  type SharedRedisLease,
  type StartSharedRedisOptions,
} from "./shared-redis-server.js";

export { findFreePort } from "./free-port.js";
export { RedisServerNotFoundError } from "./redis-server-not-found.js";
export type { RedisServerProcess, SpawnRedisServerOptions } from "./spawn-redis-server.js";
export { spawnRedisServer } from "./spawn-redis-server.js";

export interface EnsureRedisOptions {
  /** redis-server name or path. Default "redis-server". */
  redisServerBin?: string;
  /** PATH to search for the binary; the inherited one when unset. */
  searchPath?: string;
  startTimeoutMs?: number;
  /** What this process is, recorded with its registration as a user of the private server. Default "dago". */
  role?: string;
}

export interface EnsuredRedis {
  /** The Redis to connect to: the configured one, or the private server. */
  config: RedisConfig;
  /** True when the private redis-server is used (started by this process or joined). */
  embedded: boolean;
  /** Leaves the private server, which stops when no other process uses it (no-op otherwise). */
  stop(): Promise<void>;
}

/**
 * Returns a Redis to use: the configured one, or the private redis-server of `<dataDir>`, joined when one runs
 * and started under `<dataDir>/redis` when the config asks for it.
 */
export async function ensureRedis(
  config: Pick<Config, "redis" | "dataDir">,
  logger: Logger,
  options: EnsureRedisOptions = {},
): Promise<EnsuredRedis> {
  const redis = config.redis;
  const asConfigured: EnsuredRedis = { config: redis, embedded: false, stop: async () => {} };
  if (redis.embedded === "never" || redis.explicit) return asConfigured;
  const role = options.role ?? "dago";
  // A private server that runs for this data directory is used in both modes, so processes of one checkout never
  // split between it and the default Redis.
  const joined = await joinSharedRedis(config.dataDir, role);
  if (joined !== undefined) return usePrivate(redis, joined, logger);
  if (redis.embedded === "auto" && (await pingRedis(redis.host, redis.port, 1000))) {
    logger.debug("using the redis-server that answers at the default address", {
      host: redis.host,
      port: redis.port,
    });
    return asConfigured;
  }
  const startOptions: StartSharedRedisOptions = {
    // "always" must not collide with a Redis already on the configured port.
    choosePort: async () =>
      redis.embedded === "always" && !(await isPortFree(redis.port)) ? await findFreePort() : redis.port,
    args: ["--appendonly", "yes", "--appendfsync", redis.embeddedFsync, "--save", ""],
  };
  if (options.redisServerBin !== undefined) startOptions.bin = options.redisServerBin;
  if (options.searchPath !== undefined) startOptions.searchPath = options.searchPath;
  if (options.startTimeoutMs !== undefined) startOptions.startTimeoutMs = options.startTimeoutMs;
  return usePrivate(redis, await joinOrStartSharedRedis(config.dataDir, role, startOptions), logger);
}

/** The private server of `dataDir` when one runs, joined for as long as the caller needs it; never starts one. */
export async function findPrivateRedis(
  config: Pick<Config, "redis" | "dataDir">,
  logger: Logger,
  role: string,
): Promise<EnsuredRedis | undefined> {
  const joined = await joinSharedRedis(config.dataDir, role);
  return joined === undefined ? undefined : usePrivate(config.redis, joined, logger);
}

function usePrivate(redis: RedisConfig, lease: SharedRedisLease, logger: Logger): EnsuredRedis {
  const { port, serverPid } = lease.address;
  const dir = lease.paths.redisDir;
  if (lease.started) {
    logger.info("started private redis-server", {
      port,
      dir,
      pid: serverPid,
      appendfsync: redis.embeddedFsync,
    });
  } else {
    logger.info("using the private redis-server that runs for this data directory", {
      port,
      dir,
      pid: serverPid,
    });
  }
  // The private server has no ACL users or password; credentials meant for another Redis would be refused.
  const { username: _username, password: _password, ...rest } = redis;
  return {
    config: { ...rest, host: LOOPBACK, port, tls: false },
    embedded: true,
    async stop() {
      await lease.leave();
      logger.info("left private redis-server", { port });
    },
  };
}
