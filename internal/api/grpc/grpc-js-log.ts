// grpc-js writes its diagnostics straight to stderr ("E No address added out of total 1 resolved"), in a format
// of its own, next to the one line a failed start prints there. They belong in dago's log with everything else.
import { setLogger } from "@grpc/grpc-js";
import type { Logger } from "../../observability/index.js";

function text(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(" ");
}

/** Routes grpc-js's log (one per process, so the latest server's logger gets it) into `logger`. */
export function logGrpcJsTo(logger: Logger): void {
  setLogger({
    error: (...args: unknown[]) => logger.warn("grpc-js", { detail: text(args) }),
    info: (...args: unknown[]) => logger.debug("grpc-js", { detail: text(args) }),
    debug: (...args: unknown[]) => logger.debug("grpc-js", { detail: text(args) }),
  });
}
