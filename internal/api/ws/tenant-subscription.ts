// A subscription to every graph of a tenant. Its position is a TenantCursor over the partition logs. A replay
// reads each log from the subscription's position up to where the partition-log reader stands when the replay
// begins, merges the partitions by time and sends the tenant's entries; everything later arrives live (held
// until the replay is done). Replay and live part are disjoint by construction; `floor` also drops live entries
// the cursor already covers (a cursor from a process whose reader was ahead of this one). The same replay
// catches up after the reader may have missed entries; when the logs were trimmed past the position meanwhile,
// the subscription ends with `cursor_expired`, as a resume from that cursor would.
import type { Redis } from "ioredis";
import { encodeCursor, type TenantCursor } from "../../contract/tenant-cursor.js";
import type { SubscriptionType } from "../../contract/ws-protocol.js";
import { eventMessage } from "../../contract/ws-server-message-text.js";
import type { StreamEntry } from "../../store/event-codec.js";
import {
  compareStreamIds,
  completeLogEvents,
  decodeLogEntry,
  eventJson,
  formatStreamId,
  type LogEvent,
  parseStreamId,
  partitionLogKey,
  type StreamId,
  ZERO_ID,
} from "../../store/partition-logs.js";
import { WsRequestError } from "./protocol.js";
import { type ClientSink, Subscription, wantsDeltaType } from "./subscription.js";
import {
  advance,
  copyCursor,
  covers,
  coversAllBefore,
  cursorAt,
  laterOf,
  rangeStart,
} from "./tenant-cursor.js";

const REPLAY_PAGE = 100;

/** The partition logs as a tenant replay reads them. */
export interface TenantLogs {
  redis: Redis;
  keyPrefix: string;
  /** Per partition, the last log id the partition-log reader handed out (live delivery goes on from there). */
  positions(): readonly StreamId[];
}

export class TenantSubscription extends Subscription {
  /** What this subscription has delivered (or the client had before it resumed). */
  private position: TenantCursor;
  /** Live entries covered by this were sent by the replay or before the resume. */
  private floor: TenantCursor;

  constructor(
    sub: string,
    tenantId: string,
    types: ReadonlySet<SubscriptionType> | undefined,
    sink: ClientSink,
    private readonly logs: TenantLogs,
    start: TenantCursor,
    resuming: boolean,
  ) {
    super(sub, tenantId, types, sink, resuming);
    this.position = copyCursor(start);
    this.floor = copyCursor(start);
  }

  wantsDeltas(): boolean {
    return wantsDeltaType(this.types);
  }

  /**
   * Sends the tenant's entries after the subscription's position up to the reader's position now, in time order.
   * Everything after that reaches the subscription live, since it is registered (and buffering) already.
   */
  async replay(): Promise<void> {
    const { redis, keyPrefix } = this.logs;
    const end = this.logs.positions();
    const endCursor = cursorAt(end);
    const start = copyCursor(this.position);
    // Checked first as well, so a subscription whose range is gone already sends nothing before the error.
    await ensureNotTrimmed(redis, keyPrefix, end.length, start, this.sub);
    const logs = end.map((last, p) => new LogPage(redis, partitionLogKey(keyPrefix, p), p, start, last));
    for (;;) {
      if (this.state !== "buffering" || !(await this.sink.waitForRoom())) return;
      await Promise.all(logs.map((log) => log.fill(REPLAY_PAGE)));
      if (this.state !== "buffering") return;
      const batch = takeByTime(logs).filter(
        (entry) => entry.event.tenantId === this.tenantId && this.wants(entry.event.type),
      );
      if (batch.length === 0 && logs.every((log) => log.done())) break;
      await completeLogEvents(
        redis,
        keyPrefix,
        batch.filter((entry) => !entry.complete),
      );
      for (const entry of batch) {
        if (this.state !== "buffering") return;
        advance(this.position, entry.partition, entry.logId);
        if (!this.sink.send(eventMessage(this.sub, eventJson(entry), encodeCursor(this.position)), "event")) {
          return;
        }
      }
    }
    // Entries trimmed while they were being read would be a gap: refuse rather than pretend.
    await ensureNotTrimmed(redis, keyPrefix, end.length, start, this.sub);
    this.position = laterOf(this.position, endCursor);
    this.floor = copyCursor(this.position);
  }

  protected override liveCursor(): string {
    return encodeCursor(this.position);
  }

  protected deliverLive(entry: LogEvent): void {
    if (covers(this.floor, entry.partition, entry.logId)) return;
    advance(this.position, entry.partition, entry.logId);
    this.sink.send(
      eventMessage(this.sub, eventJson(entry), encodeCursor(this.position)),
      "event",
      entry.event.at,
    );
  }
}

/** One partition log's range (start cursor, end], read a page at a time. */
class LogPage {
  readonly buffered: LogEvent[] = [];
  /** Millisecond of the last row read: nothing earlier is still to come from this log. */
  readMs = 0;
  private next: string;
  private exhausted: boolean;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly partition: number,
    start: TenantCursor,
    private readonly end: StreamId,
  ) {
    this.next = rangeStart(start, partition);
    // Nothing to read when the reader had seen nothing of this partition past the cursor.
    this.exhausted = covers(start, partition, end);
  }

  /** Whether every row of the range has been read (the buffer may still hold some). */
  get finished(): boolean {
    return this.exhausted;
  }

  done(): boolean {
    return this.exhausted && this.buffered.length === 0;
  }

  async fill(count: number): Promise<void> {
    if (this.exhausted || this.buffered.length > 0) return;
    const end = formatStreamId(this.end);
    const rows = (await this.redis.xrange(this.key, this.next, end, "COUNT", count)) as StreamEntry[];
    for (const row of rows) {
      const entry = decodeLogEntry(this.partition, row);
      if (entry) this.buffered.push(entry);
    }
    const last = rows[rows.length - 1];
    const lastId = last ? parseStreamId(last[0]) : undefined;
    if (last) this.next = `(${last[0]}`;
    if (lastId) this.readMs = lastId.ms;
    if (rows.length < count || !lastId || compareStreamIds(lastId, this.end) >= 0) this.exhausted = true;
  }
}

/**
 * Takes the buffered entries that can go out now, in time order: those no later than what every log that may
 * still hold more has been read up to.
 */
function takeByTime(logs: LogPage[]): LogEvent[] {
  let horizon = Number.POSITIVE_INFINITY;
  for (const log of logs) if (!log.finished) horizon = Math.min(horizon, log.readMs);
  const taken: LogEvent[] = [];
  for (const log of logs) {
    let n = 0;
    while (n < log.buffered.length && (log.buffered[n] as LogEvent).logId.ms <= horizon) n++;
    taken.push(...log.buffered.splice(0, n));
  }
  return taken.sort((a, b) => a.logId.ms - b.logId.ms);
}

/**
 * Refuses a cursor whose next entries are gone from a partition log: resuming from it would skip events. Redis
 * records the highest id XDEL removed (`max-deleted-entry-id`); trimming (MAXLEN) removes entries from the head
 * without recording them, so once a log holds fewer entries than were ever added to it, anything before its
 * first entry may be gone. A cursor is honoured when it covers all of that (conservative only when the log was
 * trimmed to exactly past the cursor).
 */
export async function ensureNotTrimmed(
  redis: Redis,
  keyPrefix: string,
  partitions: number,
  start: TenantCursor,
  sub: string,
): Promise<void> {
  const pipeline = redis.pipeline();
  for (let p = 0; p < partitions; p++) pipeline.xinfo("STREAM", partitionLogKey(keyPrefix, p));
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([err, info], p) => {
    // A log that does not exist has lost nothing.
    if (err && /no such key/i.test(err.message)) return;
    if (err) throw err;
    if (!Array.isArray(info) || coversLosses(start, p, fieldsOf(info))) return;
    throw new WsRequestError(
      "cursor_expired",
      "the events after this cursor were already trimmed from the event log; " +
        "reload the state over HTTP and subscribe without after",
      sub,
    );
  });
}

function fieldsOf(info: unknown[]): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (let i = 0; i + 1 < info.length; i += 2) fields.set(String(info[i]), info[i + 1]);
  return fields;
}

/** Whether `cursor` covers every entry XINFO STREAM (`info`) says partition `p`'s log has lost. */
function coversLosses(cursor: TenantCursor, p: number, info: Map<string, unknown>): boolean {
  const deleted = parseStreamId(String(info.get("max-deleted-entry-id")));
  if (deleted && compareStreamIds(deleted, ZERO_ID) > 0 && !covers(cursor, p, deleted)) return false;
  const added = Number(info.get("entries-added"));
  const length = Number(info.get("length"));
  // Nothing trimmed (or a Redis too old to tell: then only XDEL is seen).
  if (!Number.isFinite(added) || !Number.isFinite(length) || added <= length) return true;
  const first = parseStreamId(String(info.get("recorded-first-entry-id")));
  if (length > 0 && first && compareStreamIds(first, ZERO_ID) > 0) return coversAllBefore(cursor, p, first);
  // Trimmed empty: everything up to the last id is gone.
  const last = parseStreamId(String(info.get("last-generated-id")));
  return last === undefined || covers(cursor, p, last);
}
