// The notices on the control channel, written by the graph scripts (aborts) and by a submission that brings a new
// route, decoded for the workers that listen.

export type ControlNotice =
  /** A route new to the route set: workers re-read it now instead of at their next periodic refresh. */
  | { kind: "routes" }
  /** Running attempts to abort: every attempt of the graph, or only the node (and attempt) named. */
  | { kind: "abort"; graphId: string; nodeId?: string; attempt?: number };

/** The notice a message holds; undefined for anything else, which listeners ignore. */
export function decodeControlNotice(message: string): ControlNotice | undefined {
  let notice: { kind?: unknown; graphId?: unknown; nodeId?: unknown; attempt?: unknown };
  try {
    notice = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof notice !== "object" || notice === null) return undefined;
  if (notice.kind === "routes") return { kind: "routes" };
  if (notice.kind !== "abort" || typeof notice.graphId !== "string" || notice.graphId === "")
    return undefined;
  const abort: ControlNotice = { kind: "abort", graphId: notice.graphId };
  // A field of another type would match no attempt, so such a notice aborts nothing.
  if (notice.nodeId !== undefined) {
    if (typeof notice.nodeId !== "string") return undefined;
    abort.nodeId = notice.nodeId;
  }
  if (notice.attempt !== undefined) {
    if (typeof notice.attempt !== "number") return undefined;
    abort.attempt = notice.attempt;
  }
  return abort;
}
