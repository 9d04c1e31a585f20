// The worker SDK: run dago workers in your own process with your own executors for custom node types.
//
//   import { startWorker, NodeExecutionError } from "dago/worker";
//   const worker = await startWorker({
//     executors: [{ type: "search", async execute(ctx) { return await search(ctx.render(String(ctx.node.query))); } }],
//   });
//   process.on("SIGTERM", () => worker.stop());
import { startDago } from "../internal/app/start-dago.js";
import { type Config, loadConfig } from "../internal/config/index.js";
import type { Executor } from "../internal/worker/executor.js";

export type { GraphPatchSpec } from "../internal/domain/graph-patch.js";
export type { ExecutionContext, Executor, PatchedOutput } from "../internal/worker/executor.js";
export { NodeExecutionError, withPatch } from "../internal/worker/executor.js";

export interface StartWorkerOptions {
  executors: Executor[];
  /** Environment to read configuration from (REDIS_URL, WORKER_POOL_SIZE, ...); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Overrides applied over the environment. */
  poolSize?: number;
  capabilities?: string[];
}

export interface RunningWorker {
  id: string;
  /**
   * Stops taking work and waits up to graceMs (default DAGO_SHUTDOWN_GRACE_MS) for running nodes; the ones still
   * running then are aborted and handed back, so another worker runs them at once.
   */
  stop(graceMs?: number): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const base = loadConfig(options.env ?? process.env);
  const config: Config = {
    ...base,
    worker: {
      ...base.worker,
      ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
      ...(options.capabilities !== undefined ? { capabilities: options.capabilities } : {}),
    },
  };
  const dago = await startDago(config, { http: false, workers: true, executors: options.executors });
  return { id: dago.worker?.id ?? "", stop: (graceMs) => dago.stop(graceMs) };
}
