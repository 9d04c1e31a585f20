// A watch of every graph of a tenant. Its position is a TenantCursor over the partition logs. A replay reads each
// log from the watch's position up to where the partition-log reader stands when the replay begins, merges the
// partitions by time and delivers the tenant's entries; everything later arrives live (held until the replay is
// done). Replay and live part are disjoint by construction; `floor` also drops live entries the cursor already
// covers (a cursor from a process whose reader was ahead of this one). The same replay catches up after the
// reader may have missed entries; when the logs were trimmed past the position meanwhile, the watch ends with
// `cursor_expired`, as a resume from that cursor would.
import { encodeCursor, type TenantCursor } from "../../contract/tenant-cursor.js";
import type { SubscriptionType } from "../../contract/ws-protocol.js";
import { eventJson, type LogEvent, type StreamId } from "../../store/partition-logs.js";
import { advance, copyCursor, covers, cursorAt, laterOf } from "../../store/tenant-cursor.js";
import type { TenantLogReader } from "../../store/tenant-log-reader.js";
import { Watch, type WatchSink, wantsDeltaType } from "./watch.js";
import { cursorExpired } from "./watch-error.js";

const REPLAY_PAGE = 100;

/** The partition logs as a tenant replay reads them. */
export interface TenantLogs {
  reader: TenantLogReader;
  /** Per partition, the last log id the partition-log reader handed out (live delivery goes on from there). */
  positions(): readonly StreamId[];
}

export class TenantWatch extends Watch {
  /** What this watch has delivered (or the client had before it resumed). */
  private position: TenantCursor;
  /** Live entries covered by this were delivered by the replay or before the resume. */
  private floor: TenantCursor;

  constructor(
    tenantId: string,
    types: ReadonlySet<SubscriptionType> | undefined,
    sink: WatchSink,
    private readonly logs: TenantLogs,
    start: TenantCursor,
    resuming: boolean,
  ) {
    super(tenantId, types, sink, resuming);
    this.position = copyCursor(start);
    this.floor = copyCursor(start);
  }

  wantsDeltas(): boolean {
    return wantsDeltaType(this.types);
  }

  /**
   * Delivers the tenant's entries after the watch's position up to the reader's position now, in time order.
   * Everything after that reaches the watch live, since it is registered (and buffering) already.
   */
  async replay(): Promise<void> {
    const { reader } = this.logs;
    const end = this.logs.positions();
    const endCursor = cursorAt(end);
    const start = copyCursor(this.position);
    // Checked first as well, so a watch whose range is gone already delivers nothing before the error.
    if (await reader.trimmedPast(start)) throw cursorExpired();
    const range = reader.range(start, end);
    for (;;) {
      if (this.state !== "buffering" || !(await this.sink.waitForRoom())) return;
      const entries = await range.next(REPLAY_PAGE);
      if (entries === undefined) break;
      if (this.state !== "buffering") return;
      const batch = entries.filter(
        (entry) => entry.event.tenantId === this.tenantId && this.wants(entry.event.type),
      );
      await reader.complete(batch);
      for (const entry of batch) {
        if (this.state !== "buffering") return;
        advance(this.position, entry.partition, entry.logId);
        const cursor = encodeCursor(this.position);
        if (!this.sink.deliver({ kind: "event", event: entry.event, json: eventJson(entry), cursor })) return;
      }
    }
    // Entries trimmed while they were being read would be a gap: refuse rather than pretend.
    if (await reader.trimmedPast(start)) throw cursorExpired();
    this.position = laterOf(this.position, endCursor);
    this.floor = copyCursor(this.position);
  }

  protected override liveCursor(): string {
    return encodeCursor(this.position);
  }

  protected deliverLive(entry: LogEvent): void {
    if (covers(this.floor, entry.partition, entry.logId)) return;
    advance(this.position, entry.partition, entry.logId);
    this.sink.deliver({
      kind: "event",
      event: entry.event,
      json: eventJson(entry),
      cursor: encodeCursor(this.position),
      liveSinceMs: entry.event.at,
    });
  }
}
