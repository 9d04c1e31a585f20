// The error the server throws for anything a client can be told: a code of the contract's catalog, which the
// transports turn into an HTTP status or a gRPC status.
import {
  ERROR_CATALOG,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
  type GrpcStatus,
} from "../contract/error-catalog.js";

/** An error meant for clients: transports turn it into `{"error": {code, message, details}}` or a gRPC status. */
export class DagoError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly httpStatus: number;
  readonly grpcStatus: GrpcStatus;
  /** When retrying makes sense: sent as Retry-After on HTTP and as the `retry-after` trailer on gRPC. */
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    this.name = "DagoError";
    this.code = code;
    this.details = details;
    this.httpStatus = ERROR_CATALOG[code].http;
    this.grpcStatus = ERROR_CATALOG[code].grpc;
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isDagoError(err: unknown): err is DagoError {
  return err instanceof DagoError;
}

/** Retry-After counts whole seconds; rounding up never invites a retry that would be refused again. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
