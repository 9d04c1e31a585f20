// Reads a tenant's stretch of the partition logs for a replay: every partition's log from a cursor up to an end
// position, merged by time, and whether the logs still hold everything after a cursor (they are capped, so a
// resume from an old cursor could otherwise skip events without anyone noticing).
import type { Redis } from "ioredis";
import type { TenantCursor } from "../contract/tenant-cursor.js";
import {
  compareStreamIds,
  formatStreamId,
  parseStreamId,
  type StreamId,
  ZERO_ID,
} from "../domain/stream-id.js";
import type { StreamEntry } from "./event-codec.js";
import { partitionLogKey } from "./keys.js";
import { completeLogEvents, decodeLogEntry, type LogEvent } from "./log-entry.js";
import { covers, coversAllBefore, rangeStart } from "./tenant-cursor.js";

export class TenantLogReader {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    readonly partitions: number,
  ) {}

  /** The entries after `start` up to `end` (per partition, inclusive), to be read with `next`. */
  range(start: TenantCursor, end: readonly StreamId[]): TenantLogRange {
    return new TenantLogRange(
      end.map((last, p) => new LogPage(this.redis, partitionLogKey(this.keyPrefix, p), p, start, last)),
    );
  }

  /** Fills in the data of entries logged without it (GraphSubmitted) from their graphs' streams. */
  complete(entries: LogEvent[]): Promise<void> {
    return completeLogEvents(
      this.redis,
      this.keyPrefix,
      entries.filter((entry) => !entry.complete),
    );
  }

  /**
   * Whether some entry after `start` is gone from a partition log: resuming from it would skip events. Redis
   * records the highest id XDEL removed (`max-deleted-entry-id`); trimming (MAXLEN) removes entries from the
   * head without recording them, so once a log holds fewer entries than were ever added to it, anything before
   * its first entry may be gone. A cursor is honoured when it covers all of that (conservative only when the log
   * was trimmed to exactly past the cursor).
   */
  async trimmedPast(start: TenantCursor): Promise<boolean> {
    const pipeline = this.redis.pipeline();
    for (let p = 0; p < this.partitions; p++) pipeline.xinfo("STREAM", partitionLogKey(this.keyPrefix, p));
    const replies = (await pipeline.exec()) ?? [];
    let trimmed = false;
    replies.forEach(([err, info], p) => {
      // A log that does not exist has lost nothing.
      if (err && /no such key/i.test(err.message)) return;
      if (err) throw err;
      if (Array.isArray(info) && !coversLosses(start, p, fieldsOf(info))) trimmed = true;
    });
    return trimmed;
  }
}

/** Several partitions' ranges, read a page at a time and handed out in time order. */
export class TenantLogRange {
  constructor(private readonly logs: LogPage[]) {}

  /**
   * The next entries in time order (possibly none while some log is still being read), or undefined once every
   * entry of the range was handed out.
   */
  async next(count: number): Promise<LogEvent[] | undefined> {
    await Promise.all(this.logs.map((log) => log.fill(count)));
    const batch = takeByTime(this.logs);
    if (batch.length === 0 && this.logs.every((log) => log.done())) return undefined;
    return batch;
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
