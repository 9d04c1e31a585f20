// The live workers: each keeps a hash of what it is and does, which expires unless its heartbeat writes it again,
// and its id in a sorted set scored by its last heartbeat. A worker that dies leaves its id in the set; the first
// read after its hash expired drops it.
import type { Redis } from "ioredis";
import type { WorkerInfo } from "../contract/server-info.js";
import { workerKey, workersKey } from "./keys.js";

export class WorkerRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Writes a worker's record (at start and at each heartbeat); it expires `ttlMs` later unless written again. */
  async register(info: WorkerInfo, ttlMs: number): Promise<void> {
    const key = workerKey(this.keyPrefix, info.id);
    await this.redis
      .multi()
      .hset(key, {
        id: info.id,
        host: info.host,
        pid: info.pid,
        capabilities: JSON.stringify(info.capabilities),
        nodeTypes: JSON.stringify(info.nodeTypes),
        poolSize: info.poolSize,
        busy: info.busy,
        nodesRun: info.nodesRun,
        name: info.name ?? "",
        startedAt: info.startedAt,
        lastHeartbeat: info.lastHeartbeat,
      })
      .pexpire(key, ttlMs)
      .zadd(workersKey(this.keyPrefix), info.lastHeartbeat, info.id)
      .exec();
  }

  /** A worker that stops takes itself off at once instead of waiting for its record to expire. */
  async remove(workerId: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(workersKey(this.keyPrefix), workerId)
      .del(workerKey(this.keyPrefix, workerId))
      .exec();
  }

  /** Every worker whose record has not expired, oldest heartbeat first. */
  async live(): Promise<WorkerInfo[]> {
    const ids = await this.redis.zrange(workersKey(this.keyPrefix), 0, -1);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(workerKey(this.keyPrefix, id));
    const replies = (await pipeline.exec()) ?? [];
    const workers: WorkerInfo[] = [];
    const gone: string[] = [];
    ids.forEach((id, i) => {
      const hash = (replies[i]?.[1] ?? {}) as Record<string, string>;
      if (!hash.id) {
        gone.push(id);
        return;
      }
      workers.push({
        id,
        host: hash.host ?? "",
        pid: Number(hash.pid),
        capabilities: JSON.parse(hash.capabilities ?? "[]"),
        nodeTypes: JSON.parse(hash.nodeTypes ?? "[]"),
        poolSize: Number(hash.poolSize),
        busy: Number(hash.busy),
        nodesRun: Number(hash.nodesRun ?? 0),
        startedAt: Number(hash.startedAt),
        lastHeartbeat: Number(hash.lastHeartbeat),
        ...(hash.name ? { name: hash.name } : {}),
      });
    });
    if (gone.length > 0) await this.redis.zrem(workersKey(this.keyPrefix), ...gone);
    return workers;
  }
}
