// What the service asks of the Redis connection itself, rather than of any data on it: is it there, are the
// scripts loaded, and which of a call's faults mean Redis is away.
import type { Redis } from "ioredis";
import { guardRedis } from "../redis/unavailable.js";
import { ensureScriptsLoaded } from "./script-loader.js";

export class StoreConnection {
  constructor(private readonly redis: Redis) {}

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Loads any script Redis lost (a restart, SCRIPT FLUSH); rejects when one cannot be loaded. */
  ensureScriptsLoaded(): Promise<void> {
    return ensureScriptsLoaded(this.redis);
  }

  /** Redis faults become redis_unavailable (503, retryable by the client); anything else is passed on. */
  guard<T>(fn: () => Promise<T>): Promise<T> {
    return guardRedis(this.redis, fn);
  }
}
