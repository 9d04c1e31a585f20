// Reads a graph's events over HTTP, page by page, up to a given event: fills the event log on first load and
// what a reconnection missed. Bounded, so a graph with a huge history does not stall the page.

import type { EventPage } from "../../../internal/contract/graph-views.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { compareEventIds } from "./event-order.js";

export const HISTORY_PAGE = 1000;
export const HISTORY_MAX_PAGES = 3;

export interface History {
  events: GraphEvent[];
  /** False when the cap was reached first: `events` is then empty and the log restarts at the state. */
  complete: boolean;
  /** The graph's first event, when reading started at the beginning. */
  first?: GraphEvent;
}

export type ReadEvents = (graphId: string, options: { after?: string; limit: number }) => Promise<EventPage>;

export async function loadHistory(
  read: ReadEvents,
  graphId: string,
  after: string | undefined,
  until: string,
): Promise<History> {
  const events: GraphEvent[] = [];
  let first: GraphEvent | undefined;
  const done = (complete: boolean): History => ({
    events: complete ? events : [],
    complete,
    ...(first ? { first } : {}),
  });
  let cursor = after;
  for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
    if (compareEventIds(cursor, until) >= 0) return done(true);
    const result = await read(graphId, { ...(cursor ? { after: cursor } : {}), limit: HISTORY_PAGE });
    if (after === undefined && page === 0) first = result.events[0];
    for (const event of result.events) {
      if (compareEventIds(event.id, until) > 0) return done(true);
      events.push(event);
    }
    if (!result.nextAfter) return done(true);
    cursor = result.nextAfter;
  }
  return done(compareEventIds(cursor, until) >= 0);
}
