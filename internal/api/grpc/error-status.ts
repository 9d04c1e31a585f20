// The one mapping from errors to gRPC statuses: a DagoError gets the status its code has in ERROR_CATALOG, its
// message, and the rich details (status-details.ts); anything else is INTERNAL with a fixed message, and is
// logged, so internal messages never reach a client.
import { Metadata, type StatusObject } from "@grpc/grpc-js";
import { ERROR_CATALOG } from "../../contract/error-catalog.js";
import { DagoError, isDagoError, retryAfterSeconds } from "../../errors/index.js";
import { encodeStatus } from "./status-details.js";

/** Trailer that repeats the error code for clients that do not decode `grpc-status-details-bin`. */
export const ERROR_CODE_TRAILER = "dago-error-code";
/** Seconds to wait before retrying, as HTTP's Retry-After, on rate-limit and capacity refusals. */
export const RETRY_AFTER_TRAILER = "retry-after";
export const STATUS_DETAILS_TRAILER = "grpc-status-details-bin";

export function toGrpcStatus(err: unknown, onInternal: (err: unknown) => void): StatusObject {
  let error: DagoError;
  if (isDagoError(err)) error = err;
  else {
    onInternal(err);
    error = new DagoError("internal", "internal error; the server log has the details");
  }
  const code = ERROR_CATALOG[error.code].grpc;
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_TRAILER, error.code);
  if (error.retryAfterMs !== undefined) {
    metadata.set(RETRY_AFTER_TRAILER, retryAfterSeconds(error.retryAfterMs));
  }
  metadata.set(STATUS_DETAILS_TRAILER, encodeStatus(code, error.message, error.code, error.details));
  return { code, details: error.message, metadata };
}
