import type { Executor } from "../worker/executor.js";

/** `noop` nodes join or order work; they output null. */
export class NoopExecutor implements Executor {
  readonly type = "noop";

  async execute(): Promise<unknown> {
    return null;
  }
}
