// The registry of live workers: each worker's hash (refreshed by its heartbeats, expiring when they stop) and an
// index of their ids.
import type { Redis } from "ioredis";
import type { WorkerInfo } from "../contract/server-info.js";
import { workerKey, workersKey } from "./keys.js";

export class WorkerRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Every worker whose hash has not expired. The index entries of expired ones are dropped on the way. */
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
        startedAt: Number(hash.startedAt),
        lastHeartbeat: Number(hash.lastHeartbeat),
      });
    });
    if (gone.length > 0) await this.redis.zrem(workersKey(this.keyPrefix), ...gone);
    return workers;
  }
}
