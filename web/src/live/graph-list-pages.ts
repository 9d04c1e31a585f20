// Paging the graph list with the API's cursor. The list is ordered by index key `<createdAt>|<id>` (what the
// cursor is), newest first. Once the user has loaded older pages, the list shows every graph down to the oldest
// one loaded (the boundary): a refresh reads pages from the top until it passes the boundary, so graphs
// submitted meanwhile push nothing off the end and no row is lost between pages.
import type { GraphSummary } from "../../../internal/contract/graph-views.js";

/** The graph's member in the list index, and the cursor that lists the graphs older than it. */
export function indexKey(graph: Pick<GraphSummary, "id" | "createdAt">): string {
  return `${String(graph.createdAt).padStart(13, "0")}|${graph.id}`;
}

/** Whether a refresh that read up to `nextCursor` has reached the boundary (no boundary: the first page does). */
export function reachedBoundary(nextCursor: string | undefined, boundary: string | undefined): boolean {
  return boundary === undefined || nextCursor === undefined || nextCursor <= boundary;
}

/** The graphs down to the boundary, and whether older ones remain to load. */
export function withinBoundary<T extends Pick<GraphSummary, "id" | "createdAt">>(
  graphs: readonly T[],
  boundary: string | undefined,
  lastNextCursor: string | undefined,
): { graphs: T[]; more: boolean } {
  if (boundary === undefined) return { graphs: [...graphs], more: lastNextCursor !== undefined };
  const kept = graphs.filter((g) => indexKey(g) >= boundary);
  return { graphs: kept, more: lastNextCursor !== undefined || kept.length < graphs.length };
}

/** Rows followed by an older page; a graph already shown (the list moved under the cursor) is not shown twice. */
export function appendPage<T extends { id: string }>(rows: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(rows.map((row) => row.id));
  return [...rows, ...page.filter((row) => !seen.has(row.id))];
}
