// Redis memory per finished DAG-10 graph: kept (dago with retention 0, BullMQ keeping completed jobs) and
// after cleanup (dago's retention expired, BullMQ with removeOnComplete).
import type { BenchRedis } from "./bench-redis.js";
import { BullmqTarget } from "./bullmq-target.js";
import { DagoTarget } from "./dago-target.js";
import { snapshotRedis } from "./redis-stats.js";
import type { Results } from "./results.js";
import type { BenchSizes } from "./sizes.js";
import type { BenchTarget } from "./targets.js";

type Log = (line: string) => void;

async function expireDueKeys(redis: BenchRedis) {
  // SCAN drops expired keys it meets, so the measurement does not wait on Redis's sampling of expiring keys.
  let cursor = "0";
  do {
    const [next] = await redis.admin.scan(cursor, "COUNT", 1000);
    cursor = next;
  } while (cursor !== "0");
}

async function bytesPerGraph(
  redis: BenchRedis,
  target: BenchTarget,
  graphs: number,
  afterRun?: () => Promise<void>,
) {
  const before = (await snapshotRedis(redis.admin)).usedMemory;
  await target.dag10(graphs);
  await afterRun?.();
  return ((await snapshotRedis(redis.admin)).usedMemory - before) / graphs;
}

export async function runMemory(redis: BenchRedis, sizes: BenchSizes, results: Results, log: Log) {
  const mode = redis.mode;
  const metric = "Redis bytes per finished graph";
  const options = { redisPort: redis.port, concurrency: sizes.concurrency };
  const cases: Array<[string, string, () => Promise<BenchTarget>, (() => Promise<void>) | undefined]> = [
    ["kept", "dago", () => DagoTarget.start(options, { DAGO_RETENTION_SECONDS: "0" }), undefined],
    ["kept", "bullmq", () => BullmqTarget.start(options), undefined],
    [
      "after retention / removal",
      "dago",
      () => DagoTarget.start(options, { DAGO_RETENTION_SECONDS: "1" }),
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await expireDueKeys(redis);
      },
    ],
    [
      "after retention / removal",
      "bullmq",
      () => BullmqTarget.start(options, { removeOnComplete: true }),
      undefined,
    ],
  ];
  for (let round = 0; round < sizes.runs; round++) {
    for (const [variant, system, start, afterRun] of cases) {
      await redis.flush();
      const target = await start();
      try {
        const bytes = await bytesPerGraph(redis, target, sizes.memoryGraphs, afterRun);
        results.add(`Memory, DAG-10 (${variant})`, mode, metric, system, bytes, false);
        log(`  ${mode} round ${round + 1} memory ${variant} ${system}: ${bytes.toFixed(0)} bytes/graph`);
      } finally {
        await target.close();
      }
    }
  }
}
