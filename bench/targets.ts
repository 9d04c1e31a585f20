// What each system under test must do for the side-by-side workloads. Both run in the harness process with the
// same worker concurrency against the same redis-server.

export interface Dag10Outcome {
  nodes: number;
  /** From the first submission to the last completion. */
  elapsedMs: number;
  /** Per graph: from its submission to its join's completion (stored timestamps, millisecond resolution). */
  makespansMs: number[];
}

export interface ChainOutcome {
  steps: number;
  elapsedMs: number;
  /** Per hop: one step's end to the next step's start, in process time. */
  hopsMs: number[];
}

export interface MemoryOutcome {
  graphs: number;
  bytesPerGraphKept: number;
  bytesPerGraphAfterRetention: number;
}

export interface BenchTarget {
  readonly name: string;
  dag10(graphs: number): Promise<Dag10Outcome>;
  chains(chains: number, length: number): Promise<ChainOutcome>;
  close(): Promise<void>;
}

export interface TargetOptions {
  redisPort: number;
  concurrency: number;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
