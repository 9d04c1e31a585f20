// Every change of a graph's state is one of these events, appended to the graph's stream by an engine script.

export const EVENT_TYPES = [
  "GraphSubmitted",
  "GraphStarted",
  "GraphPaused",
  "GraphResumed",
  "GraphCancelled",
  "GraphCompleted",
  "GraphFailed",
  "GraphPatched",
  "NodeReady",
  "NodeStarted",
  "NodeWaiting",
  "NodeApproved",
  "NodeRejected",
  "NodeCompleted",
  "NodeFailed",
  "NodeRetrying",
  "NodeSkipped",
  "NodeCancelled",
  "NodeReset",
  "NodeResultRefused",
  "NodeAssigned",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface GraphEvent {
  /** The stream entry id, e.g. "1732200000000-0": orders every event of the graph. */
  id: string;
  graphId: string;
  tenantId: string;
  type: EventType;
  nodeId?: string;
  attempt?: number;
  /** Redis server time in milliseconds since the epoch. */
  at: number;
  data: Record<string, unknown>;
}

/** A failure as recorded on a node: a stable code, a message, and whether another attempt may help. */
export interface NodeError {
  code: string;
  message: string;
  retryable: boolean;
  /** Machine-readable facts, for some codes (budget_exceeded: which budget and its numbers). */
  details?: Record<string, unknown>;
}
