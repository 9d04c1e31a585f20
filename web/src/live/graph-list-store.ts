// The graph list, kept current. Its pages are fetched over HTTP (with the status filter, and older pages once the
// user asks for them); the tenant's live events only say which rows changed, and those rows are fetched again.
// Fetching after the event guarantees the row shows at least that event, and one refresh loop coalesces bursts,
// so a busy graph costs a request at a time.
import type { GraphStatus } from "../../../internal/domain/state.js";
import { callApi } from "../api/dashboard-api.js";
import { type Problem, problemOf } from "../api/problem.js";
import {
  type GraphRow,
  isFinished,
  LIST_EVENT_TYPES,
  mayEnterList,
  needsOutcomes,
  rowFromSummary,
  rowWithMetrics,
} from "./graph-list-model.js";
import { appendPage, indexKey, reachedBoundary, withinBoundary } from "./graph-list-pages.js";
import type { LiveSubscription } from "./live-connection.js";
import { liveConnection } from "./shared-connection.js";

export const LIST_LIMIT = 50;
/** Pause between two refresh rounds, so a stream of events becomes a few requests a second, not one per event. */
const ROUND_GAP_MS = 250;
/** Rows whose outcomes are fetched at once: what a browser sends in parallel to one server anyway. */
const ROW_FETCHES = 6;

export interface GraphListView {
  rows: GraphRow[];
  loaded: boolean;
  /** Older graphs than the last row exist. */
  more: boolean;
  /** An older page is being fetched. */
  loadingMore: boolean;
  error?: Problem;
}

export class GraphListStore {
  private view: GraphListView = { rows: [], loaded: false, more: false, loadingMore: false };
  private readonly listeners = new Set<(view: GraphListView) => void>();
  private sub: LiveSubscription | undefined;
  private listDirty = true;
  private moreWanted = false;
  /** Index key of the oldest row loaded with "Show older"; undefined while only the first page is shown. */
  private boundary: string | undefined;
  private readonly dirty = new Set<string>();
  private running = false;
  private stopped = false;

  /** `status` lists only the graphs in that state. */
  constructor(private readonly status?: GraphStatus) {}

  start(): void {
    this.sub = liveConnection().subscribe({
      prepare: async () => {
        this.markList();
        return { scope: "tenant", types: LIST_EVENT_TYPES };
      },
      // Only now is every later change sure to arrive as an event: fetch everything once more.
      onLive: () => this.markList(),
      onError: (code) => {
        if (code === "internal") this.sub?.resync();
      },
      onEvent: (event) => {
        const known = this.view.rows.some((row) => row.id === event.graphId);
        if (known) this.markGraph(event.graphId);
        else if (mayEnterList(event, this.status)) this.markList();
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.sub?.close();
  }

  subscribe(listener: (view: GraphListView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  /** Adds the next older page to the list; from then on the list keeps every graph down to that page's end. */
  loadMore(): void {
    if (!this.view.more || this.moreWanted) return;
    this.moreWanted = true;
    this.publish({ ...this.view, loadingMore: true });
    void this.run();
  }

  private markList(): void {
    this.listDirty = true;
    void this.run();
  }

  private markGraph(id: string): void {
    this.dirty.add(id);
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && (this.listDirty || this.moreWanted || this.dirty.size > 0)) {
        if (this.listDirty) await this.refreshList();
        else if (this.moreWanted) await this.fetchOlder();
        const ids = [...this.dirty];
        this.dirty.clear();
        for (let i = 0; i < ids.length; i += ROW_FETCHES) {
          await Promise.all(ids.slice(i, i + ROW_FETCHES).map((id) => this.refreshRow(id)));
        }
        if (this.listDirty || this.dirty.size > 0) await new Promise((r) => setTimeout(r, ROUND_GAP_MS));
      }
    } finally {
      this.running = false;
    }
  }

  private async refreshList(): Promise<void> {
    this.listDirty = false;
    try {
      const summaries = [];
      let cursor: string | undefined;
      do {
        const after = cursor;
        const page = await callApi((dago) =>
          dago.list({ status: this.status, limit: LIST_LIMIT, cursor: after }),
        );
        summaries.push(...page.graphs);
        cursor = page.nextCursor;
      } while (!reachedBoundary(cursor, this.boundary));
      const shown = withinBoundary(summaries, this.boundary, cursor);
      this.publish({
        ...this.view,
        rows: this.rowsOf(shown.graphs),
        more: shown.more,
        loaded: true,
        error: undefined,
      });
    } catch (err) {
      this.publish({ ...this.view, error: problemOf(err) });
    }
  }

  private async fetchOlder(): Promise<void> {
    const last = this.view.rows[this.view.rows.length - 1];
    try {
      const page = await callApi((dago) =>
        dago.list({ status: this.status, limit: LIST_LIMIT, cursor: last ? indexKey(last) : undefined }),
      );
      const rows = appendPage(this.view.rows, this.rowsOf(page.graphs));
      const oldest = rows[rows.length - 1];
      if (oldest) this.boundary = indexKey(oldest);
      this.moreWanted = false;
      this.publish({
        ...this.view,
        rows,
        more: page.nextCursor !== undefined,
        loadingMore: false,
        error: undefined,
      });
    } catch (err) {
      this.moreWanted = false;
      this.publish({ ...this.view, loadingMore: false, error: problemOf(err) });
    }
  }

  /** Rows for fresh summaries, with the outcomes already known; the rows that need theirs are marked. */
  private rowsOf(summaries: readonly GraphRow[]): GraphRow[] {
    const previous = new Map(this.view.rows.map((row) => [row.id, row]));
    return summaries.map((summary) => {
      const before = previous.get(summary.id);
      const row = rowFromSummary(summary, before);
      if (needsOutcomes(row, before)) this.dirty.add(row.id);
      return row;
    });
  }

  private async refreshRow(id: string): Promise<void> {
    try {
      const metrics = await callApi((dago) => dago.metrics(id));
      const rows = this.view.rows.map((row) => (row.id === id ? rowWithMetrics(row, metrics) : row));
      const changed = rows.find((row) => row.id === id);
      // The summary's end time comes with the list, not with the metrics; and a graph that left the filtered
      // state leaves the list.
      const listStale =
        changed !== undefined &&
        ((isFinished(changed) && changed.endedAt === undefined) ||
          (this.status !== undefined && changed.status !== this.status));
      if (listStale) this.listDirty = true;
      this.publish({ ...this.view, rows });
    } catch {
      // A graph that vanished (retention) drops out with the next list refresh.
      this.listDirty = true;
    }
  }

  private publish(view: GraphListView): void {
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }
}
