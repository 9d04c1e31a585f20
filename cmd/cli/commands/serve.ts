// `dago serve` and `dago worker`: run the server or a worker pool in this process until a signal stops it.
import { type CommandContext, configOf } from "../context.js";

// Loaded on demand: the server's dependencies (Express, Redis, the LLM SDK) are heavy, and the client
// commands, which never need them, should start fast.
async function app(): Promise<typeof import("../../../internal/app/index.js")> {
  return import("../../../internal/app/index.js");
}

export async function serveCommand(ctx: CommandContext): Promise<number> {
  const config = configOf(ctx);
  const { runServe } = await app();
  return runServe(config, { workers: !ctx.flags.bool("no-workers") });
}

export async function workerCommand(ctx: CommandContext): Promise<number> {
  const config = configOf(ctx);
  const { runWorker } = await app();
  return runWorker(config);
}
