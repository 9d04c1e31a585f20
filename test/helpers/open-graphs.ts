// How many graphs under a key prefix have not ended, read from the per-status indexes the scripts keep.
import type { Redis } from "ioredis";
import { tenantIndexKey } from "../../internal/store/keys.js";

const OPEN_STATUSES = ["pending", "running", "paused"] as const;

export async function countOpenGraphs(
  redis: Redis,
  keyPrefix: string,
  partitions: number,
  tenantId = "default",
): Promise<number> {
  const pipeline = redis.pipeline();
  for (let p = 0; p < partitions; p++) {
    for (const status of OPEN_STATUSES) pipeline.zcard(tenantIndexKey(keyPrefix, p, tenantId, status));
  }
  const replies = (await pipeline.exec()) ?? [];
  let open = 0;
  for (const [err, count] of replies) {
    if (err) throw err;
    open += Number(count);
  }
  return open;
}
