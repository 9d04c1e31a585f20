/** A connection to Redis, as the composition root hands it to the store; only internal/store sends commands on it. */
export type { Redis as RedisConnection } from "ioredis";
export type { CreateRedisOptions, RedisConnectionConfig } from "./connect.js";
export { createRedis, pingRedis, RedisUnreachableError, waitUntilReady } from "./connect.js";
export { type ConnectionOptions, Connections } from "./connections.js";
export type {
  EnsuredRedis,
  EnsureRedisOptions,
  RedisServerProcess,
  SpawnRedisServerOptions,
} from "./embedded-redis.js";
export {
  ensureRedis,
  findFreePort,
  findPrivateRedis,
  RedisServerNotFoundError,
  spawnRedisServer,
} from "./embedded-redis.js";
export { sharedRedisPaths } from "./shared-redis-files.js";
export { guardRedis } from "./unavailable.js";
