// `make bench`: every workload for dago and BullMQ on the benchmark's own redis-server, once without persistence
// and once with appendonly + everysec, several alternating rounds; prints a Markdown table of medians.
//   node --expose-gc dist/bench/run.js [--smoke] [--runs N] [--only dag,submission,memory,validation,fanout]
//     [--modes memory,aof-everysec] [--out results.md]
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type PersistenceMode, startBenchRedis } from "./bench-redis.js";
import { runMemory } from "./memory.js";
import { Results } from "./results.js";
import { runSideBySide } from "./side-by-side.js";
import { type BenchSizes, FULL_SIZES, SMOKE_SIZES } from "./sizes.js";
import { runSubmission } from "./submission.js";
import { runValidation } from "./validation.js";
import { runWsFanout } from "./ws-fanout.js";

export const WORKLOADS = ["dag", "submission", "memory", "validation", "fanout"] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface BenchOptions {
  sizes: BenchSizes;
  only: ReadonlySet<Workload>;
  modes: readonly PersistenceMode[];
  log: (line: string) => void;
}

export async function runBench(options: BenchOptions): Promise<Results> {
  const { sizes, only, log } = options;
  const results = new Results();
  if (only.has("validation")) runValidation(sizes, results, log);
  for (const mode of options.modes) {
    const redis = await startBenchRedis(mode);
    try {
      log(`redis-server ${mode} on port ${redis.port}`);
      if (only.has("dag")) await runSideBySide(redis, sizes, results, log);
      if (only.has("submission")) await runSubmission(redis, sizes, results, log);
      if (only.has("memory")) await runMemory(redis, sizes, results, log);
      if (only.has("fanout")) await runWsFanout(redis, sizes, results, log);
    } finally {
      await redis.stop();
    }
  }
  return results;
}

async function main() {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      runs: { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      modes: { type: "string" },
    },
  });
  const sizes = { ...(values.smoke ? SMOKE_SIZES : FULL_SIZES) };
  if (values.runs !== undefined) sizes.runs = Number.parseInt(values.runs, 10);
  const only = new Set((values.only?.split(",") ?? WORKLOADS) as Workload[]);
  for (const w of only) {
    if (!WORKLOADS.includes(w)) throw new Error(`unknown workload "${w}"; known: ${WORKLOADS.join(", ")}`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const modes = (values.modes?.split(",") ?? ["memory", "aof-everysec"]) as PersistenceMode[];
  for (const m of modes) {
    if (m !== "memory" && m !== "aof-everysec") {
      throw new Error(`unknown mode "${m}"; known: memory, aof-everysec`);
    }
  }
  const results = await runBench({ sizes, only, modes, log });
  const table = results.table();
  process.stdout.write(`${table}\n`);
  if (values.out) await writeFile(values.out, `${table}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
