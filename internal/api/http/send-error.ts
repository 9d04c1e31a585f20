import type { Response } from "express";
import { type DagoError, retryAfterSeconds } from "../../errors/index.js";

/** Every error response has the same shape: `{"error": {code, message, details}}` with the catalog's status. */
export function sendError(res: Response, error: DagoError): void {
  // A client streaming an oversized body would otherwise keep the connection busy uploading bytes nobody reads.
  if (error.code === "body_too_large") res.setHeader("Connection", "close");
  if (error.retryAfterMs !== undefined) res.setHeader("Retry-After", retryAfterSeconds(error.retryAfterMs));
  res.status(error.httpStatus).json(error.toJSON());
}
