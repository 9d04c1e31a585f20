// dago under test: the engine, timers and a worker pool in this process (no HTTP), noop executors.
import { type RunningDago, startDago } from "../internal/app/start-dago.js";
import { loadConfig } from "../internal/config/index.js";
import type { ExecutionContext, Executor } from "../internal/worker/executor.js";
import { HopRecorder } from "./hop-recorder.js";
import {
  type BenchTarget,
  type ChainOutcome,
  type Dag10Outcome,
  type TargetOptions,
  waitUntil,
} from "./targets.js";
import { chainSpec, dag10Spec } from "./workload-shapes.js";

const TENANT = "default";
const TIMEOUT_MS = 300_000;

/** A no-op that notes when it ran: chain steps use it to measure hops. */
class TimedNoop implements Executor {
  readonly type = "timed";
  recorder = new HopRecorder();

  async execute(context: ExecutionContext): Promise<unknown> {
    const step = Number(context.nodeId.slice(1));
    this.recorder.started(context.graphId, step);
    this.recorder.ended(context.graphId, step);
    return null;
  }
}

export function dagoEnv(redisPort: number, extra: Record<string, string> = {}) {
  return {
    REDIS_ADDR: `127.0.0.1:${redisPort}`,
    DAGO_EMBEDDED_REDIS: "never",
    DAGO_HTTP_HOST: "127.0.0.1",
    DAGO_HTTP_PORT: "0",
    DAGO_GRPC_PORT: "0",
    LOG_LEVEL: "error",
    LOG_FORMAT: "json",
    ...extra,
  };
}

export class DagoTarget implements BenchTarget {
  readonly name = "dago";

  private constructor(
    private readonly dago: RunningDago,
    private readonly timed: TimedNoop,
  ) {}

  static async start(options: TargetOptions, extraEnv: Record<string, string> = {}): Promise<DagoTarget> {
    const env = dagoEnv(options.redisPort, {
      WORKER_POOL_SIZE: String(options.concurrency),
      ...extraEnv,
    });
    const timed = new TimedNoop();
    const dago = await startDago(loadConfig(env, { isTty: false }), {
      http: false,
      workers: true,
      executors: [timed],
    });
    const target = new DagoTarget(dago, timed);
    // Warm-up: JIT, script cache, and the worker's route list (a route is known once a graph used it).
    await target.runAndWait([dag10Spec("warm-up"), chainSpec("warm-up", 3, "timed")]);
    return target;
  }

  get running(): RunningDago {
    return this.dago;
  }

  private async graphsEnded(): Promise<number> {
    const metric = await this.dago.metrics.graphsEnded.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }

  private async runAndWait(specs: Record<string, unknown>[]): Promise<string[]> {
    const before = await this.graphsEnded();
    const results = await Promise.all(specs.map((spec) => this.dago.service.submit(TENANT, spec)));
    await waitUntil(
      async () => (await this.graphsEnded()) >= before + specs.length,
      "graphs to end",
      TIMEOUT_MS,
    );
    return results.map((r) => r.graph.id);
  }

  async dag10(graphs: number): Promise<Dag10Outcome> {
    const specs = Array.from({ length: graphs }, (_, i) => dag10Spec(`dag10-${i}`));
    const start = performance.now();
    const ids = await this.runAndWait(specs);
    const elapsedMs = performance.now() - start;
    const makespansMs: number[] = [];
    for (const id of ids) {
      const state = await this.dago.engine.getState(id);
      // With a short retention (the memory workload) a finished graph may already be gone.
      if (state === undefined) continue;
      if (state.status !== "succeeded") throw new Error(`graph ${id} ended ${state.status}`);
      if (state.endedAt !== undefined) makespansMs.push(state.endedAt - state.createdAt);
    }
    return { nodes: graphs * 10, elapsedMs, makespansMs };
  }

  async chains(chains: number, length: number): Promise<ChainOutcome> {
    this.timed.recorder = new HopRecorder();
    const specs = Array.from({ length: chains }, (_, i) => chainSpec(`chain-${i}`, length, "timed"));
    const start = HopRecorder.now();
    const ids = await this.runAndWait(specs);
    return {
      steps: chains * length,
      elapsedMs: this.timed.recorder.lastEnd() - start,
      hopsMs: this.timed.recorder.hops(ids, length),
    };
  }

  async close(): Promise<void> {
    await this.dago.stop(0);
  }
}
