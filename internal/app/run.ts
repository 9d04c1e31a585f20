// `dago serve` and `dago worker`: start, wait for SIGINT/SIGTERM, stop gracefully, report an exit code.
import type { Config } from "../config/index.js";
import { startDago } from "./start-dago.js";

async function runUntilSignal(config: Config, http: boolean, workers: boolean): Promise<number> {
  const dago = await startDago(config, { http, workers });
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        dago.logger.warn("second signal: exiting without waiting", { signal });
        process.exit(1);
      }
      stopping = true;
      dago.logger.info("stopping", { signal, graceMs: config.shutdownGraceMs });
      dago.stop().then(
        () => resolve(0),
        (err: unknown) => {
          dago.logger.error("shutdown failed", { err });
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

export function runServe(config: Config, options: { workers: boolean }): Promise<number> {
  return runUntilSignal(config, true, options.workers);
}

export function runWorker(config: Config): Promise<number> {
  return runUntilSignal(config, false, true);
}
