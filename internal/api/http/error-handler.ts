// The last stop of every request that went wrong. Client errors (DagoError) keep their code and status; anything
// else becomes a bare 500 so stack traces and internal messages never reach a client, and is logged instead.
import type { ErrorRequestHandler, RequestHandler } from "express";
import { DagoError, isDagoError } from "../../errors/index.js";
import type { Logger } from "../../observability/index.js";
import { sendError } from "./send-error.js";

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    sendError(res, new DagoError("not_found", `no route for ${req.method} ${req.path}`));
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    if (res.headersSent || req.socket.destroyed) {
      // Too late to answer: the response is under way or the client is gone. Make sure the socket is released.
      logger.warn("request failed after the response started", { requestId, error: err });
      req.socket.destroy();
      return;
    }
    const error = isDagoError(err) ? err : fromFrameworkError(err);
    if (error) {
      sendError(res, error);
      return;
    }
    logger.error("request failed", { requestId, method: req.method, path: req.path, error: err });
    sendError(res, new DagoError("internal", "internal error; the server log has the details"));
  };
}

/** Errors the HTTP stack raises for a malformed request (such as a bad %-escape in the path) are the client's. */
function fromFrameworkError(err: unknown): DagoError | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status =
    (err as { status?: unknown; statusCode?: unknown }).status ??
    (err as { statusCode?: unknown }).statusCode;
  if (status === 400) return new DagoError("invalid_request", "the request is malformed");
  return undefined;
}
