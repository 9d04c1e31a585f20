export type { CreateRedisOptions, RedisConnectionConfig } from "./connect.js";
export { createRedis, pingRedis, RedisUnreachableError, waitUntilReady } from "./connect.js";
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
