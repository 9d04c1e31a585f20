// Submission throughput: HTTP POSTs of 10-node graphs from autocannon against a `dago serve --no-workers`
// process, and the same graphs through the in-process service, to show what HTTP adds.
import { startDago } from "../internal/app/start-dago.js";
import { loadConfig } from "../internal/config/index.js";
import type { BenchRedis } from "./bench-redis.js";
import { startDagoServer } from "./dago-server.js";
import { dagoEnv } from "./dago-target.js";
import { postLoad } from "./http-load.js";
import { ownCpuSeconds, processCpuSeconds } from "./process-cpu.js";
import { redisCost, snapshotRedis } from "./redis-stats.js";
import type { Results } from "./results.js";
import type { BenchSizes } from "./sizes.js";
import { percentile, sortNumbers } from "./stats.js";
import { dag10Spec } from "./workload-shapes.js";

type Log = (line: string) => void;

export async function runSubmission(redis: BenchRedis, sizes: BenchSizes, results: Results, log: Log) {
  const mode = redis.mode;
  const body = JSON.stringify(dag10Spec("submitted"));
  for (let round = 0; round < sizes.runs; round++) {
    await redis.flush();
    const server = await startDagoServer(redis.port);
    try {
      // Warm-up so the first level does not pay for JIT and script loading.
      await postLoad(`${server.url}/api/v1/graphs`, body, 4, 1);
      for (const connections of sizes.submissionConnections) {
        const label = `Submission HTTP c=${connections}`;
        const before = await snapshotRedis(redis.admin);
        const cpuBefore = await processCpuSeconds(server.pid);
        const report = await postLoad(
          `${server.url}/api/v1/graphs`,
          body,
          connections,
          sizes.submissionSeconds,
        );
        const serverCpu = (await processCpuSeconds(server.pid)) - cpuBefore;
        const cost = redisCost(before, await snapshotRedis(redis.admin));
        if (report.errors > 0) log(`  ${label}: ${report.errors} requests were not 2xx`);
        results.add(label, mode, "graphs/s", "dago", report.requestsPerSecond, true);
        results.add(label, mode, "latency p50 (ms)", "dago", report.latencyP50Ms, false);
        results.add(label, mode, "latency p99 (ms)", "dago", report.latencyP99Ms, false);
        results.add(label, mode, "server CPU (cores)", "dago", serverCpu / sizes.submissionSeconds, false);
        results.add(
          label,
          mode,
          "Redis CPU (cores)",
          "dago",
          cost.cpuSeconds / sizes.submissionSeconds,
          false,
        );
        log(`  ${mode} round ${round + 1} ${label}: ${report.requestsPerSecond.toFixed(0)} graphs/s`);
      }
    } finally {
      await server.stop();
    }
    await runInProcess(redis, sizes, results, log, round);
  }
}

async function runInProcess(redis: BenchRedis, sizes: BenchSizes, results: Results, log: Log, round: number) {
  const mode = redis.mode;
  const dago = await startDago(loadConfig(dagoEnv(redis.port), { isTty: false }), {
    http: false,
    workers: false,
  });
  try {
    const spec = dag10Spec("submitted");
    for (const concurrency of sizes.submissionConnections) {
      const label = `Submission in-process c=${concurrency}`;
      const latencies: number[] = [];
      const cpu = process.cpuUsage();
      const deadline = performance.now() + sizes.submissionSeconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            const start = performance.now();
            await dago.service.submit("default", spec);
            latencies.push(performance.now() - start);
          }
        }),
      );
      const sorted = sortNumbers(latencies);
      results.add(label, mode, "graphs/s", "dago", latencies.length / sizes.submissionSeconds, true);
      results.add(label, mode, "latency p50 (ms)", "dago", percentile(sorted, 50), false);
      results.add(label, mode, "latency p99 (ms)", "dago", percentile(sorted, 99), false);
      results.add(
        label,
        mode,
        "Node CPU (cores)",
        "dago",
        ownCpuSeconds(cpu) / sizes.submissionSeconds,
        false,
      );
      log(
        `  ${mode} round ${round + 1} ${label}: ${(latencies.length / sizes.submissionSeconds).toFixed(0)} graphs/s`,
      );
    }
  } finally {
    await dago.stop(0);
  }
}
