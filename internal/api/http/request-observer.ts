// Reports each finished request by its route pattern (not its URL, which would give one series per graph id).
import type { RequestHandler } from "express";
import type { Logger } from "../../observability/index.js";
import type { HttpAppDeps } from "./http-deps.js";

export const UNMATCHED_ROUTE = "unmatched";

export function requestObserver(logger: Logger, onRequest: HttpAppDeps["onRequest"]): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const routePath: unknown = req.route?.path;
      const route = typeof routePath === "string" ? routePath : UNMATCHED_ROUTE;
      logger.debug("http request", {
        requestId: res.getHeader("x-request-id"),
        method: req.method,
        route,
        status: res.statusCode,
        durationMs,
      });
      try {
        onRequest?.(route, req.method, res.statusCode, durationMs);
      } catch (err) {
        // A faulty metrics hook must not take the server down with it.
        logger.warn("request observer failed", { error: err });
      }
    });
    next();
  };
}
