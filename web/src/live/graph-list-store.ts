// The graph list, kept current. The list's first page is fetched over HTTP; the tenant's live events only say
// which rows changed, and those rows are fetched again. Fetching after the event guarantees the row shows at
// least that event, and one refresh loop coalesces bursts, so a busy graph costs a request at a time.
import { TERMINAL_GRAPH_STATUSES } from "../../../internal/domain/state.js";
import { type ApiError, api } from "../api/http-api.js";
import {
  type GraphRow,
  isFinished,
  LIST_EVENT_TYPES,
  rowFromSummary,
  rowWithMetrics,
} from "./graph-list-model.js";
import type { LiveSubscription } from "./live-connection.js";
import { liveConnection } from "./shared-connection.js";

export const LIST_LIMIT = 50;
/** Pause between two refresh rounds, so a stream of events becomes a few requests a second, not one per event. */
const ROUND_GAP_MS = 250;

export interface GraphListView {
  rows: GraphRow[];
  loaded: boolean;
  error?: ApiError;
}

export class GraphListStore {
  private view: GraphListView = { rows: [], loaded: false };
  private readonly listeners = new Set<(view: GraphListView) => void>();
  private sub: LiveSubscription | undefined;
  private listDirty = true;
  private readonly dirty = new Set<string>();
  private running = false;
  private stopped = false;

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
        if (!known || event.type === "GraphSubmitted") this.markList();
        else this.markGraph(event.graphId);
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
      while (!this.stopped && (this.listDirty || this.dirty.size > 0)) {
        if (this.listDirty) await this.refreshList();
        const ids = [...this.dirty];
        this.dirty.clear();
        await Promise.all(ids.map((id) => this.refreshRow(id)));
        if (this.listDirty || this.dirty.size > 0) await new Promise((r) => setTimeout(r, ROUND_GAP_MS));
      }
    } finally {
      this.running = false;
    }
  }

  private async refreshList(): Promise<void> {
    this.listDirty = false;
    try {
      const page = await api.listGraphs({ limit: LIST_LIMIT });
      const previous = new Map(this.view.rows.map((row) => [row.id, row]));
      const rows = page.graphs.map((summary) => rowFromSummary(summary, previous.get(summary.id)));
      for (const row of rows) if (!isFinished(row)) this.dirty.add(row.id);
      this.publish({ rows, loaded: true });
    } catch (err) {
      this.publish({ ...this.view, error: err as ApiError });
    }
  }

  private async refreshRow(id: string): Promise<void> {
    try {
      const metrics = await api.metrics(id);
      const rows = this.view.rows.map((row) => (row.id === id ? rowWithMetrics(row, metrics) : row));
      const changed = rows.find((row) => row.id === id);
      if (changed && TERMINAL_GRAPH_STATUSES.has(changed.status) && changed.endedAt === undefined) {
        // The summary's end time comes with the list, not with the metrics.
        this.listDirty = true;
      }
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
