// The Redis connections of one dago process. Each is named (CLIENT SETNAME), logged on error and kept in one list,
// so a stop, or a start that failed half-way, closes every one of them.
import type { Redis } from "ioredis";
import type { Logger } from "../observability/index.js";
import { createRedis, waitUntilReady } from "./connect.js";
import type { EnsuredRedis } from "./embedded-redis.js";

export interface ConnectionOptions {
  /**
   * A blocking connection (XREAD, SUBSCRIBE, a worker's or timer's script calls) queues its commands while Redis
   * is away and waits; any other fails fast, so an API request gets a 503 instead of hanging.
   */
  blocking?: boolean;
  /** Pipelines concurrent commands into one write (the script-call connections). */
  autoPipelining?: boolean;
}

export class Connections {
  private readonly open: Redis[] = [];

  constructor(
    private readonly redis: EnsuredRedis,
    private readonly logger: Logger,
  ) {}

  /** Where the connections go: the configured Redis, or the private redis-server this process uses. */
  get config(): EnsuredRedis["config"] {
    return this.redis.config;
  }

  /** A new connection, connected before first use. */
  async connect(name: string, options: ConnectionOptions = {}): Promise<Redis> {
    const { blocking = false, autoPipelining = false } = options;
    const redisConfig = this.redis.config;
    const conn = createRedis(redisConfig, {
      name,
      maxRetriesPerRequest: blocking ? null : 1,
      enableOfflineQueue: blocking,
      ...(blocking ? {} : { commandTimeout: 5000, resendAfterReconnect: false }),
      autoPipelining,
    });
    conn.on("error", (err: Error) => this.logger.debug("redis connection error", { connection: name, err }));
    this.open.push(conn);
    await waitUntilReady(conn, redisConfig);
    return conn;
  }

  /** Closes every connection, then the private redis-server if this process started or shares one. */
  async close(): Promise<void> {
    for (const conn of this.open) conn.disconnect();
    await this.redis.stop();
  }
}
