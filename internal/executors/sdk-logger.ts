// Routes an SDK's own log lines (both SDKs take a console-like logger) into dago's logger.
import type { Logger } from "../observability/logger.js";

export interface SdkLogger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

export function sdkLogger(logger: Logger, sdk: string): SdkLogger {
  const line =
    (level: "error" | "warn" | "info" | "debug") =>
    (message: string, ...rest: unknown[]) =>
      logger[level](`${sdk}: ${String(message)}`, rest.length > 0 ? { details: rest } : undefined);
  return { error: line("error"), warn: line("warn"), info: line("info"), debug: line("debug") };
}
