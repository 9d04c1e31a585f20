// How a graph's nodes ended, for its progress bar and text: each node in a final state counts as what really
// happened to it (succeeded, failed, skipped, cancelled), and every other node as still to run. A graph that
// failed or was cancelled therefore never looks complete.
import type { NodeState, NodeStatus } from "../../../internal/domain/state.js";

export const OUTCOMES = ["succeeded", "failed", "skipped", "cancelled", "toRun"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type NodeOutcomes = Record<Outcome, number> & { total: number };

export const OUTCOME_LABELS: Record<Outcome, string> = {
  succeeded: "succeeded",
  failed: "failed",
  skipped: "skipped",
  cancelled: "cancelled",
  toRun: "still to run",
};

export function outcomesOfCounts(byStatus: Readonly<Record<NodeStatus, number>>): NodeOutcomes {
  const succeeded = byStatus.succeeded ?? 0;
  const failed = byStatus.failed ?? 0;
  const skipped = byStatus.skipped ?? 0;
  const cancelled = byStatus.cancelled ?? 0;
  const toRun =
    (byStatus.pending ?? 0) +
    (byStatus.ready ?? 0) +
    (byStatus.running ?? 0) +
    (byStatus.retrying ?? 0) +
    (byStatus.waiting ?? 0);
  return {
    succeeded,
    failed,
    skipped,
    cancelled,
    toRun,
    total: succeeded + failed + skipped + cancelled + toRun,
  };
}

export function outcomesOfNodes(nodes: Readonly<Record<string, Pick<NodeState, "status">>>): NodeOutcomes {
  const counts = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0, toRun: 0, total: 0 };
  for (const node of Object.values(nodes)) {
    const status = node.status;
    if (status === "succeeded" || status === "failed" || status === "skipped" || status === "cancelled") {
      counts[status] += 1;
    } else counts.toRun += 1;
    counts.total += 1;
  }
  return counts;
}

/** "3 of 10 succeeded · 1 failed · 6 cancelled": the successes against the whole, then every other outcome seen. */
export function outcomesText(outcomes: NodeOutcomes): string {
  const parts = [`${outcomes.succeeded} of ${outcomes.total} succeeded`];
  for (const outcome of OUTCOMES) {
    if (outcome === "succeeded" || outcomes[outcome] === 0) continue;
    parts.push(`${outcomes[outcome]} ${OUTCOME_LABELS[outcome]}`);
  }
  return parts.join(" · ");
}

export interface OutcomeSegment {
  outcome: Outcome;
  count: number;
  /** Share of the bar, 0–100. */
  percent: number;
}

/** The bar's coloured segments in a fixed order, empty outcomes left out. */
export function outcomeSegments(outcomes: NodeOutcomes): OutcomeSegment[] {
  if (outcomes.total === 0) return [];
  return OUTCOMES.filter((o) => outcomes[o] > 0).map((outcome) => ({
    outcome,
    count: outcomes[outcome],
    percent: (outcomes[outcome] / outcomes.total) * 100,
  }));
}
