// A watch core over a test's own Redis connection and partition-log reader, without an output-delta relay.
import type { Redis } from "ioredis";
import { WatchCore } from "../../internal/service/watch/index.js";
import { GraphStreamReader } from "../../internal/store/graph-stream-reader.js";
import type { PartitionLogReader } from "../../internal/store/partition-logs.js";
import { TenantLogReader } from "../../internal/store/tenant-log-reader.js";

export function testWatchCore(
  redis: Redis,
  keyPrefix: string,
  partitions: number,
  log: PartitionLogReader,
  replayPageSize?: number,
): WatchCore {
  return new WatchCore({
    streams: new GraphStreamReader(redis, keyPrefix),
    log,
    tenantLogs: new TenantLogReader(redis, keyPrefix, partitions),
    ...(replayPageSize === undefined ? {} : { replayPageSize }),
  });
}
