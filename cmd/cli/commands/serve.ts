// `dago serve` and `dago worker`: run the server or a worker pool in this process until a signal stops it.
import { CliError } from "../cli-error.js";
import { type CommandContext, configOf } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";

type App = typeof import("../../../internal/app/index.js");

// Loaded on demand: the server's dependencies (Express, Redis, the LLM SDK) are heavy, and the client
// commands, which never need them, should start fast.
async function app(): Promise<App> {
  return import("../../../internal/app/index.js");
}

export async function serveCommand(ctx: CommandContext): Promise<number> {
  const config = configOf(ctx);
  const loaded = await app();
  return loaded
    .runServe(config, { workers: !ctx.flags.bool("no-workers") })
    .catch((err: unknown) => Promise.reject(startFailure(loaded, err)));
}

export async function workerCommand(ctx: CommandContext): Promise<number> {
  const config = configOf(ctx);
  const loaded = await app();
  return loaded.runWorker(config).catch((err: unknown) => Promise.reject(startFailure(loaded, err)));
}

/**
 * A start that fails for an ordinary reason (a busy port, no Redis) is reported as one line with its own exit
 * code; its message already says what to do. Anything else stays an unexpected error, stack trace included.
 */
function startFailure(loaded: App, err: unknown): unknown {
  if (err instanceof loaded.ListenError) return new CliError(EXIT_CODES.listenFailed, err.message);
  if (err instanceof loaded.RedisUnreachableError)
    return new CliError(EXIT_CODES.redisUnreachable, err.message);
  if (err instanceof loaded.RedisServerNotFoundError) {
    return new CliError(EXIT_CODES.redisServerMissing, err.message);
  }
  return err;
}
