// What a DagoClient call can throw besides an abort: the server said no, the server could not be reached, or a
// wait ran out of time. One base class lets callers catch everything the client raises in one place.
import type { ErrorDetail } from "./types.js";

export class DagoClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DagoClientError";
  }
}

/** The server answered with an error: `code` and `details` come from its `{"error": {...}}` body. */
export class DagoApiError extends DagoClientError {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "DagoApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No answer: refused, reset, unresolvable host, or no response within the client's timeout. */
export class DagoConnectionError extends DagoClientError {
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DagoConnectionError";
    this.url = url;
  }
}

/** waitForEnd gave up before the graph ended. */
export class DagoTimeoutError extends DagoClientError {
  readonly graphId: string;

  constructor(graphId: string, message: string) {
    super(message);
    this.name = "DagoTimeoutError";
    this.graphId = graphId;
  }
}
