// What the invariant checker reports: one broken rule of one graph, with the place it shows.

export const VIOLATION_RULES = [
  /** The stored projection differs from the fold of the graph's events. */
  "projection_mismatch",
  /** A node became ready or started before every dependency succeeded or was skipped by its condition. */
  "dependency_order",
  /** A transition from a state that does not allow it: a node completed twice, a start of a node not ready... */
  "invalid_transition",
  /** An attempt number that is not the node's current one (or, for NodeReady, not the next one). */
  "attempt_mismatch",
  /**
   * Event ids not strictly increasing, a history not opened by GraphSubmitted then GraphStarted, a version that is
   * not the number of events, a last event id that is not the stream's last entry.
   */
  "event_order",
  /** The graph's counters (`total`, `done`) disagree with its nodes. */
  "counter_mismatch",
  /** Asked for terminal graphs only, and this one has not ended. */
  "not_terminal",
  /** Stored JSON that cannot be read, or a history the fold refuses. */
  "unreadable",
  /**
   * A graph whose keys are not all there: keys without the meta hash, a meta hash without one of its fields, no
   * event stream, node states or node specs missing or left over.
   */
  "torn_graph",
  /** A key in a partition's graph keys that is no graph's: an unknown suffix, not a graph id, another partition. */
  "stray_key",
  /** A listing index entry naming a graph that does not exist, or not under its own tenant, status or creation. */
  "index_mismatch",
  /** An idempotency record naming a graph that does not exist or is another tenant's, or that cannot be read. */
  "idempotency_mismatch",
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export interface Violation {
  graphId: string;
  rule: ViolationRule;
  nodeId?: string;
  /** The event where the rule broke, when one event shows it. */
  eventId?: string;
  message: string;
}
