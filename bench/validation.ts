// Validation time and memory for large graphs: random DAGs and a long chain, through the same function the API
// uses.
import { validateGraph } from "../internal/domain/validate.js";
import { ownCpuSeconds } from "./process-cpu.js";
import type { Results } from "./results.js";
import type { BenchSizes } from "./sizes.js";
import { chainSpec, randomDagSpec } from "./workload-shapes.js";

type Log = (line: string) => void;

function collectGarbage() {
  (globalThis as { gc?: () => void }).gc?.();
}

export function runValidation(sizes: BenchSizes, results: Results, log: Log) {
  for (let round = 0; round < sizes.runs; round++) {
    for (const nodes of sizes.validationNodes) {
      const shapes: Array<[string, Record<string, unknown>]> = [
        [`random DAG ${nodes.toLocaleString("en-US")} nodes`, randomDagSpec(nodes, 3, 42 + round)],
        [`chain ${nodes.toLocaleString("en-US")} nodes`, chainSpec("chain", nodes, "noop")],
      ];
      for (const [label, spec] of shapes) {
        const limits = { maxNodes: nodes, maxEdges: nodes * 4 };
        collectGarbage();
        const heapBefore = process.memoryUsage().heapUsed;
        const start = performance.now();
        const cpu = process.cpuUsage();
        const result = validateGraph(spec, limits);
        const ms = performance.now() - start;
        // CPU time (garbage collection threads included) moves far less than wall time when other processes
        // compete for the cores.
        const cpuMs = ownCpuSeconds(cpu) * 1000;
        const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
        if (!result.valid) throw new Error(`benchmark graph ${label} did not validate`);
        results.add(`Validation, ${label}`, "-", "time (ms)", "dago", ms, false);
        results.add(`Validation, ${label}`, "-", "CPU time (ms)", "dago", cpuMs, false);
        results.add(`Validation, ${label}`, "-", "heap growth (MiB)", "dago", heapMb, false);
        log(`  validation round ${round + 1} ${label}: ${ms.toFixed(1)} ms (CPU ${cpuMs.toFixed(1)} ms)`);
      }
    }
  }
}
