// Runs the benchmark suite at toy sizes so its code keeps working; it asserts what was measured, never how fast.
import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/run.js";
import { SMOKE_SIZES } from "../../bench/sizes.js";
import { ensureBuilt } from "../helpers/build.js";

describe("benchmark suite (smoke)", () => {
  it("measures every workload for dago and BullMQ on its own redis-server", async () => {
    await ensureBuilt();
    const lines: string[] = [];
    const results = await runBench({
      sizes: SMOKE_SIZES,
      only: new Set(["dag", "submission", "memory", "validation", "fanout"]),
      modes: ["memory"],
      log: (line) => lines.push(line),
    });
    const value = (workload: string, metric: string, system: string) =>
      results.rows.find((r) => r.workload === workload && r.metric === metric && r.system === system)
        ?.values[0];

    for (const system of ["dago", "bullmq"]) {
      expect(value("DAG-10", "nodes/s", system)).toBeGreaterThan(0);
      expect(value("DAG-10", "Redis commands per node", system)).toBeGreaterThan(0);
      expect(value("Chain-4 ×2", "hop p50 (ms)", system)).toBeGreaterThanOrEqual(0);
      expect(value("Memory, DAG-10 (kept)", "Redis bytes per finished graph", system)).toBeGreaterThan(0);
    }
    expect(value("Submission HTTP c=2", "graphs/s", "dago")).toBeGreaterThan(0);
    expect(value("Submission in-process c=2", "graphs/s", "dago")).toBeGreaterThan(0);
    expect(value("Validation, chain 200 nodes", "time (ms)", "dago")).toBeGreaterThan(0);
    // Every one of the 20 clients got every event of both graphs, each with a lag and a delivery rate.
    for (const fanout of [
      "WS fan-out, 20 clients: chain of 3 mock-LLM nodes, 0 ms each",
      "WS fan-out, 20 clients: burst, chain of 3 noop nodes",
    ]) {
      expect(value(fanout, "clients that missed events", "dago")).toBe(0);
      expect(value(fanout, "event lag p99 (ms)", "dago")).toBeGreaterThanOrEqual(0);
      expect(value(fanout, "events delivered/s (all clients)", "dago")).toBeGreaterThan(0);
      // /proc counts CPU in 10 ms ticks: a toy run may well cost the server none.
      expect(value(fanout, "server CPU µs per message delivered", "dago")).toBeGreaterThanOrEqual(0);
    }

    const table = results.table();
    expect(table).toContain("| memory | DAG-10 | nodes/s |");
  }, 180_000);
});
