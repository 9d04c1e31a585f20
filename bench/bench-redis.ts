// The benchmark's own redis-server: a fresh process on a free port and a temporary directory, in one of the two
// persistence modes the suite compares. Both systems under test share it; it is flushed between runs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { findFreePort, spawnRedisServer } from "../internal/redis/index.js";

export type PersistenceMode = "memory" | "aof-everysec";

export interface BenchRedis {
  readonly mode: PersistenceMode;
  readonly port: number;
  /** A connection for the harness (stats, flushes), not used by the systems under test. */
  readonly admin: Redis;
  /** Process id of redis-server, for its CPU time. */
  readonly pid: number;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchRedis(mode: PersistenceMode): Promise<BenchRedis> {
  const dir = await mkdtemp(join(tmpdir(), "dago-bench-redis-"));
  const persistence =
    mode === "memory"
      ? ["--appendonly", "no"]
      : ["--appendonly", "yes", "--appendfsync", "everysec", "--auto-aof-rewrite-percentage", "0"];
  const server = await spawnRedisServer({
    port: await findFreePort(),
    dir,
    logFile: join(dir, "redis.log"),
    args: ["--save", "", ...persistence],
  });
  const admin = new Redis({ host: "127.0.0.1", port: server.port, lazyConnect: false });
  return {
    mode,
    port: server.port,
    admin,
    pid: server.pid,
    async flush() {
      await admin.flushall();
      await admin.config("RESETSTAT");
    },
    async stop() {
      admin.disconnect();
      await server.stop(5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
