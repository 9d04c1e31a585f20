// DAG-10 and Chain-100 for dago and BullMQ on the same redis-server, alternating which goes first each round.
import type { BenchRedis } from "./bench-redis.js";
import { BullmqTarget } from "./bullmq-target.js";
import { DagoTarget } from "./dago-target.js";
import { ownCpuSeconds } from "./process-cpu.js";
import { redisCost, snapshotRedis } from "./redis-stats.js";
import type { Results } from "./results.js";
import { countCommands } from "./round-trips.js";
import type { BenchSizes } from "./sizes.js";
import { percentile, sortNumbers } from "./stats.js";
import type { BenchTarget } from "./targets.js";

type Log = (line: string) => void;

async function measured<T extends { elapsedMs: number }>(
  redis: BenchRedis,
  work: () => Promise<T>,
): Promise<{ outcome: T; redisCalls: number; redisCpu: number; nodeCpu: number; top: string; time: string }> {
  const before = await snapshotRedis(redis.admin);
  const cpu = process.cpuUsage();
  const outcome = await work();
  const nodeCpu = ownCpuSeconds(cpu);
  const cost = redisCost(before, await snapshotRedis(redis.admin));
  return {
    outcome,
    redisCalls: cost.calls,
    redisCpu: cost.cpuSeconds,
    nodeCpu,
    top: cost.topCommands,
    time: cost.topByTime,
  };
}

export async function runSideBySide(redis: BenchRedis, sizes: BenchSizes, results: Results, log: Log) {
  const mode = redis.mode;
  for (let round = 0; round < sizes.runs; round++) {
    const order = round % 2 === 0 ? ["dago", "bullmq"] : ["bullmq", "dago"];
    for (const system of order) {
      await redis.flush();
      const options = { redisPort: redis.port, concurrency: sizes.concurrency };
      const target: BenchTarget =
        system === "dago" ? await DagoTarget.start(options) : await BullmqTarget.start(options);
      try {
        const dag = await measured(redis, () => target.dag10(sizes.dag10Graphs));
        const nodes = dag.outcome.nodes;
        const seconds = dag.outcome.elapsedMs / 1000;
        const makespans = sortNumbers(dag.outcome.makespansMs);
        results.add("DAG-10", mode, "nodes/s", system, nodes / seconds, true);
        results.add("DAG-10", mode, "makespan p50 (ms)", system, percentile(makespans, 50), false);
        results.add("DAG-10", mode, "makespan p99 (ms)", system, percentile(makespans, 99), false);
        results.add("DAG-10", mode, "Redis commands per node", system, dag.redisCalls / nodes, false);
        results.add("DAG-10", mode, "Redis CPU ms per 1k nodes", system, (dag.redisCpu * 1e6) / nodes, false);
        results.add("DAG-10", mode, "Node CPU ms per 1k nodes", system, (dag.nodeCpu * 1e6) / nodes, false);
        log(
          `  ${mode} round ${round + 1} ${system} DAG-10: ${(nodes / seconds).toFixed(0)} nodes/s; ${dag.top}`,
        );
        log(`    Redis time: ${dag.time}`);

        for (const chains of [sizes.chains, 1]) {
          const label = `Chain-${sizes.chainLength} ×${chains}`;
          const run = await measured(redis, () => target.chains(chains, sizes.chainLength));
          const hops = sortNumbers(run.outcome.hopsMs);
          results.add(label, mode, "hop p50 (ms)", system, percentile(hops, 50), false);
          results.add(label, mode, "hop p99 (ms)", system, percentile(hops, 99), false);
          results.add(
            label,
            mode,
            "steps/s",
            system,
            run.outcome.steps / (run.outcome.elapsedMs / 1000),
            true,
          );
          results.add(
            label,
            mode,
            "Redis commands per step",
            system,
            run.redisCalls / run.outcome.steps,
            false,
          );
          log(
            `  ${mode} round ${round + 1} ${system} ${label}: hop p50 ${percentile(hops, 50).toFixed(3)} ms`,
          );
        }

        const graphs = Math.min(100, sizes.dag10Graphs);
        const commands = await countCommands(redis, () => target.dag10(graphs));
        const perNode = (n: number) => n / (graphs * 10);
        results.add(
          "DAG-10",
          mode,
          "client commands per node (MONITOR)",
          system,
          perNode(commands.fromClients),
          false,
        );
        results.add(
          "DAG-10",
          mode,
          "in-script commands per node (MONITOR)",
          system,
          perNode(commands.insideScripts),
          false,
        );
      } finally {
        await target.close();
      }
    }
  }
}
