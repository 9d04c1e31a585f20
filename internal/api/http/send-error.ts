import type { Response } from "express";
import { type DagoError, retryAfterSeconds } from "../../errors/index.js";
import { answerThenDrain } from "./answer-then-drain.js";

/** Every error response has the same shape: `{"error": {code, message, details}}` with the catalog's status. */
export function sendError(res: Response, error: DagoError): void {
  if (error.retryAfterMs !== undefined) res.setHeader("Retry-After", retryAfterSeconds(error.retryAfterMs));
  // The body may still be on its way: the client reads the 413 only if the server goes on reading it. The
  // connection closes afterwards, so a client streaming an oversized body does not keep it busy.
  if (error.code === "body_too_large") {
    answerThenDrain(res, error.httpStatus, error.toJSON());
    return;
  }
  res.status(error.httpStatus).json(error.toJSON());
}
