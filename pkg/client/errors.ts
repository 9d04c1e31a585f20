// What a DagoClient or DagoLiveClient call can throw besides an abort: the server said no, the server could not
// be reached, a wait ran out of time, or a live subscription was refused. One base class lets callers catch
// everything the clients raise in one place.
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

  /** For version_conflict (409): the version the graph is at now (read it again and decide anew). */
  get currentVersion(): number | undefined {
    return currentVersionOf(this.details);
  }
}

/** The `currentVersion` a version_conflict carries in its details, when one does. */
export function currentVersionOf(details: readonly ErrorDetail[]): number | undefined {
  const found = details.find((d) => typeof d.currentVersion === "number")?.currentVersion;
  return typeof found === "number" ? found : undefined;
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

/**
 * The server refused or dropped a live subscription: `code` is one of the WebSocket error codes
 * (docs/WEBSOCKET.md), e.g. `graph_not_found`, or `cursor_expired` when a tenant watch can no longer resume and the
 * state must be reloaded over HTTP.
 */
export class DagoSubscriptionError extends DagoClientError {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "DagoSubscriptionError";
    this.code = code;
  }
}
