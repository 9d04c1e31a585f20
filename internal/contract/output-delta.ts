// Ephemeral streaming output of a running node (an `llm` node's token deltas), in the shape workers publish and
// WebSocket clients receive. Deltas are not part of the graph's history: workers PUBLISH them on one Redis
// channel and every API process's WebSocket gateway relays them to the subscribers of that graph. A subscriber
// that misses some (it connected late, or Redis Pub/Sub dropped them) still gets the whole text in the
// NodeCompleted event.

export interface OutputDelta {
  graphId: string;
  tenantId: string;
  nodeId: string;
  attempt: number;
  /** 0, 1, 2... per attempt, so a client can order deltas and notice a gap. */
  seq: number;
  /** The text appended since the previous delta of this attempt. */
  text: string;
  /** Milliseconds since the epoch when the worker published it. */
  at: number;
}

export function encodeOutputDelta(delta: OutputDelta): string {
  return JSON.stringify(delta);
}

/** Returns undefined for a message that is not a well-formed delta (another writer, a newer format). */
export function decodeOutputDelta(message: string): OutputDelta | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const d = value as Record<string, unknown>;
  if (
    typeof d.graphId !== "string" ||
    typeof d.tenantId !== "string" ||
    typeof d.nodeId !== "string" ||
    typeof d.attempt !== "number" ||
    typeof d.seq !== "number" ||
    typeof d.text !== "string" ||
    typeof d.at !== "number"
  ) {
    return undefined;
  }
  return {
    graphId: d.graphId,
    tenantId: d.tenantId,
    nodeId: d.nodeId,
    attempt: d.attempt,
    seq: d.seq,
    text: d.text,
    at: d.at,
  };
}
