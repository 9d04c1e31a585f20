// Why the watch core refuses or ends a watch. Each transport says it its own way: the WebSocket gateway with
// these codes, gRPC with the API's statuses.
export type WatchErrorCode = "graph_not_found" | "cursor_expired";

export class WatchError extends Error {
  constructor(
    readonly code: WatchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WatchError";
  }
}

export function graphNotFound(graphId: string): WatchError {
  return new WatchError("graph_not_found", `graph ${graphId} not found`);
}

export function cursorExpired(): WatchError {
  return new WatchError(
    "cursor_expired",
    "the events after this cursor were already trimmed from the event log; " +
      "reload the state over HTTP and subscribe without after",
  );
}
