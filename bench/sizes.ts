// Workload sizes: the full suite, and a smoke version CI runs only to keep the benchmark code working.

export interface BenchSizes {
  runs: number;
  concurrency: number;
  dag10Graphs: number;
  chains: number;
  chainLength: number;
  submissionConnections: number[];
  submissionSeconds: number;
  memoryGraphs: number;
  validationNodes: number[];
  /** WebSocket fan-out: connections, spread over this many load-generator processes. */
  wsClients: number;
  wsLoadProcesses: number;
  /** The watched graph: a chain of this many mock-LLM nodes, each answering after this many milliseconds. */
  wsChainLength: number;
  wsLlmLatencyMs: number;
  /** The burst graph: a chain of this many noop nodes. */
  wsBurstLength: number;
}

export const FULL_SIZES: BenchSizes = {
  runs: 3,
  concurrency: 50,
  dag10Graphs: 500,
  chains: 20,
  chainLength: 100,
  submissionConnections: [1, 8, 32, 64],
  submissionSeconds: 5,
  memoryGraphs: 1000,
  validationNodes: [10_000, 100_000],
  wsClients: 1000,
  wsLoadProcesses: 2,
  wsChainLength: 50,
  wsLlmLatencyMs: 200,
  wsBurstLength: 100,
};

export const SMOKE_SIZES: BenchSizes = {
  runs: 1,
  concurrency: 4,
  dag10Graphs: 3,
  chains: 2,
  chainLength: 4,
  submissionConnections: [2],
  submissionSeconds: 1,
  // Redis's used_memory moves by up to ~100 KB on its own (client buffers come and go): 50 graphs (about 1 MB
  // kept) keep the per-graph figure positive, which the smoke test checks; 3 did not, now and then.
  memoryGraphs: 50,
  validationNodes: [200],
  wsClients: 20,
  wsLoadProcesses: 2,
  wsChainLength: 3,
  wsLlmLatencyMs: 0,
  wsBurstLength: 3,
};
