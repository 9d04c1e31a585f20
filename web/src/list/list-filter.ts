// The graph list's status filter as it lives in the address (`/?status=failed`), so a reload or a shared link
// shows the same graphs.
import { GRAPH_STATUSES, type GraphStatus } from "../../../internal/domain/state.js";

export interface ListFilter {
  status?: GraphStatus;
  /** A `status` in the address that the API does not know; the list then shows every graph. */
  unknown?: string;
}

export function parseListFilter(search: string): ListFilter {
  const value = new URLSearchParams(search).get("status");
  if (value === null || value === "" || value === "all") return {};
  return (GRAPH_STATUSES as readonly string[]).includes(value)
    ? { status: value as GraphStatus }
    : { unknown: value };
}

export function listHref(status: GraphStatus | undefined): string {
  return status === undefined ? "/" : `/?status=${encodeURIComponent(status)}`;
}
