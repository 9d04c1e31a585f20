// The graph list's rows: each graph's summary plus how its nodes ended (from the graph's metrics), and which
// live events can change what the list shows.

import type { GraphMetrics, GraphSummary } from "../../../internal/contract/graph-views.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { EVENT_TYPES, type EventType } from "../../../internal/domain/events.js";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../../../internal/domain/state.js";
import { type NodeOutcomes, outcomesOfCounts } from "../progress/node-outcomes.js";

export interface GraphRow extends GraphSummary {
  /** How many nodes succeeded, failed, were skipped or cancelled, and are still to run; undefined until known. */
  outcomes?: NodeOutcomes;
}

/** Events that leave every row as it was: a node becoming ready, starting, retrying, moving to another worker or having a result refused. */
const ROW_UNCHANGED_BY: ReadonlySet<EventType> = new Set([
  "NodeReady",
  "NodeStarted",
  "NodeRetrying",
  "NodeResultRefused",
  "NodeAssigned",
]);

/** The events that change what a row shows. */
export const LIST_EVENT_TYPES: EventType[] = EVENT_TYPES.filter((type) => !ROW_UNCHANGED_BY.has(type));

/** The status a graph event leaves its graph in. */
const STATUS_AFTER: Partial<Record<EventType, GraphStatus>> = {
  GraphSubmitted: "pending",
  GraphStarted: "running",
  GraphResumed: "running",
  GraphPaused: "paused",
  GraphCompleted: "succeeded",
  GraphFailed: "failed",
  GraphCancelled: "cancelled",
};

export function isFinished(row: Pick<GraphSummary, "status">): boolean {
  return TERMINAL_GRAPH_STATUSES.has(row.status);
}

/**
 * Whether an event of a graph the list does not show can bring it onto the list: a new graph (newer than every
 * row), or, with a status filter, a graph moving into that status. Other graphs' events need no request.
 */
export function mayEnterList(event: Pick<GraphEvent, "type">, status: GraphStatus | undefined): boolean {
  if (status === undefined) return event.type === "GraphSubmitted";
  return STATUS_AFTER[event.type] === status;
}

/** A fresh summary keeps the outcomes already known; `needsOutcomes` says whether they must be fetched again. */
export function rowFromSummary(summary: GraphSummary, previous?: GraphRow): GraphRow {
  return previous?.outcomes ? { ...summary, outcomes: previous.outcomes } : { ...summary };
}

/** An ended graph changes only through an event (a node retry), so its outcomes are fetched once. */
export function needsOutcomes(row: GraphRow, previous: GraphRow | undefined): boolean {
  return row.outcomes === undefined || !isFinished(row) || previous?.status !== row.status;
}

export function rowWithMetrics(row: GraphRow, metrics: GraphMetrics): GraphRow {
  return {
    ...row,
    status: metrics.status,
    nodeCount: metrics.nodeCount,
    outcomes: outcomesOfCounts(metrics.nodesByStatus),
  };
}
