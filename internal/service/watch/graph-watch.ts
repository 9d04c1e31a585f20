// A watch of named graphs. With `after`, it replays each graph's stored events from the graph's own
// stream; live events at or below the last id sent for their graph are dropped, which makes the switch from
// replay to live free of gaps and duplicates (ids only grow within a graph's stream). When the partition-log
// reader may have missed entries, the same switch re-reads every graph's stream after the last event sent for
// it (or after where the watch started), so the client sees no gap and does nothing.

import type { SubscriptionType } from "../../contract/ws-protocol.js";
import type { GraphStreamReader } from "../../store/graph-stream-reader.js";
import {
  compareStreamIds,
  eventJson,
  formatStreamId,
  type LogEvent,
  parseStreamId,
  type StreamId,
} from "../../store/partition-logs.js";
import { Watch, type WatchSink } from "./watch.js";

const REPLAY_PAGE = 200;

export class GraphWatch extends Watch {
  /** graph id → id of the last event sent for it. */
  private readonly lastSent = new Map<string, StreamId>();
  /** Graphs whose streams the next replay pass reads. */
  private readonly pending: Set<string>;

  /**
   * `after`: graph id → event id to replay after. `startedAt`: graph id → the last id of its stream before the
   * watch registered, where a catch-up of a graph that started live and got nothing yet begins (a graph
   * missing there had no events then).
   */
  constructor(
    tenantId: string,
    types: ReadonlySet<SubscriptionType> | undefined,
    sink: WatchSink,
    private readonly reader: GraphStreamReader,
    readonly graphs: readonly string[],
    private readonly after: ReadonlyMap<string, string>,
    private readonly startedAt: ReadonlyMap<string, string> = new Map(),
    /** The graphs that had ended when the watch registered: everything they will ever have is stored. */
    readonly endedAtStart: ReadonlySet<string> = new Set(),
    /** Events read per page of a replay. */
    private readonly pageSize = REPLAY_PAGE,
  ) {
    super(tenantId, types, sink, after.size > 0);
    this.pending = new Set(after.keys());
  }

  wantsDeltas(): boolean {
    return this.types === undefined || this.types.has("NodeOutputDelta");
  }

  /** Sends the stored events after each pending graph's position, page by page, at the pace the client reads. */
  async replay(): Promise<void> {
    const graphs = [...this.pending];
    this.pending.clear();
    for (const graphId of graphs) {
      let cursor = this.resumeFrom(graphId);
      for (;;) {
        if (this.state !== "buffering" || !(await this.sink.waitForRoom())) return;
        const events = await this.reader.page(graphId, this.tenantId, cursor, this.pageSize);
        if (this.state !== "buffering") return;
        for (const event of events) {
          const id = parseStreamId(event.id);
          if (id) this.lastSent.set(graphId, id);
          if (
            this.wants(event.type) &&
            !this.sink.deliver({ kind: "event", event, json: JSON.stringify(event) })
          ) {
            return;
          }
        }
        const last = events[events.length - 1];
        if (!last || events.length < this.pageSize) break;
        cursor = last.id;
      }
    }
  }

  protected override markBehind(): void {
    for (const graphId of this.graphs) this.pending.add(graphId);
  }

  protected deliverLive(entry: LogEvent): void {
    const graphId = entry.event.graphId;
    const last = this.lastSent.get(graphId);
    if (last && compareStreamIds(entry.eventId, last) <= 0) return;
    this.lastSent.set(graphId, entry.eventId);
    this.sink.deliver({
      kind: "event",
      event: entry.event,
      json: eventJson(entry),
      liveSinceMs: entry.event.at,
    });
  }

  /** The id after which a graph's stream holds what this watch has not sent. */
  private resumeFrom(graphId: string): string {
    const last = this.lastSent.get(graphId);
    if (last) return formatStreamId(last);
    return this.after.get(graphId) ?? this.startedAt.get(graphId) ?? "0-0";
  }
}
