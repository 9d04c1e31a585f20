// The graph list's rows: each graph's summary plus how many of its nodes have finished.
import { EVENT_TYPES, type EventType } from "../../../internal/domain/events.js";
import { TERMINAL_GRAPH_STATUSES } from "../../../internal/domain/state.js";
import type { GraphSummary } from "../../../internal/service/types.js";
import type { GraphMetrics } from "../api/http-api.js";

export interface GraphRow extends GraphSummary {
  /** Nodes in a final state (succeeded, failed, skipped, cancelled); undefined until known. */
  done?: number;
  failedNodes?: number;
}

/** Events that leave every row as it was: a node becoming ready, starting, retrying or having a result refused. */
const ROW_UNCHANGED_BY: ReadonlySet<EventType> = new Set([
  "NodeReady",
  "NodeStarted",
  "NodeRetrying",
  "NodeResultRefused",
]);

/** The events that change what a row shows. */
export const LIST_EVENT_TYPES: EventType[] = EVENT_TYPES.filter((type) => !ROW_UNCHANGED_BY.has(type));

export function isFinished(row: Pick<GraphSummary, "status">): boolean {
  return TERMINAL_GRAPH_STATUSES.has(row.status);
}

/** A finished graph has every node in a final state, so its progress needs no request. */
export function rowFromSummary(summary: GraphSummary, previous?: GraphRow): GraphRow {
  if (isFinished(summary)) return { ...summary, done: summary.nodeCount, failedNodes: previous?.failedNodes };
  return { ...summary, done: previous?.done, failedNodes: previous?.failedNodes };
}

export function rowWithMetrics(row: GraphRow, metrics: GraphMetrics): GraphRow {
  const by = metrics.nodesByStatus;
  return {
    ...row,
    status: metrics.status,
    nodeCount: metrics.nodeCount,
    done: by.succeeded + by.failed + by.skipped + by.cancelled,
    failedNodes: by.failed,
  };
}
