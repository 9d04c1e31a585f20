// One per API process: a dedicated blocking connection reads every partition log with XREAD BLOCK and hands
// each batch, in order of time, to the gateway. Subscriptions are matched in memory, so a process serves any
// number of subscribers with one reader. The tailer's position (per partition) and the equivalent tenant cursor
// are what a new subscription takes as the boundary between its replay and its live part.
import type { Redis } from "ioredis";
import type { StreamEntry } from "../../engine/event-codec.js";
import type { Logger } from "../../observability/index.js";
import { decodeLogEntry, type LogEvent, partitionLogKey } from "./log-entry.js";
import { formatStreamId, parseStreamId, type StreamId, ZERO_ID } from "./stream-id.js";
import { advance, copyCursor, emptyCursor, type TenantCursor } from "./tenant-cursor.js";

export interface LogTailerOptions {
  keyPrefix: string;
  partitions: number;
  /** Entries read per partition and round; a full read is cut at the earliest truncated millisecond. */
  batchSize?: number;
  /** How long one XREAD blocks before the loop checks whether it should stop. */
  blockMs?: number;
}

export interface LogBatchSink {
  /** Completes entries before dispatch (GraphSubmitted data), when a subscriber wants them. */
  prepare(entries: LogEvent[]): Promise<void>;
  /** Called synchronously with the entries of one read, in delivery order. */
  dispatch(entries: LogEvent[]): void;
}

type XreadReply = Array<[key: string, entries: StreamEntry[]]> | null;

export class LogTailer {
  private readonly keys: string[];
  private readonly partitionOfKey = new Map<string, number>();
  private readonly position: StreamId[];
  private readonly delivered: TenantCursor = emptyCursor();
  private readonly batchSize: number;
  private readonly blockMs: number;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    options: LogTailerOptions,
    private readonly sink: LogBatchSink,
    private readonly logger: Logger,
  ) {
    this.keys = [];
    for (let p = 0; p < options.partitions; p++) {
      const key = partitionLogKey(options.keyPrefix, p);
      this.keys.push(key);
      this.partitionOfKey.set(key, p);
    }
    this.position = this.keys.map(() => ZERO_ID);
    this.batchSize = options.batchSize ?? 1000;
    this.blockMs = options.blockMs ?? 2000;
  }

  /**
   * Takes the current end of every log in one MULTI (a consistent cut), then starts reading after it. Resolves
   * once the position is known, so subscriptions registered from then on miss nothing.
   */
  async start(): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys) multi.xrevrange(key, "+", "-", "COUNT", 1);
    const replies = (await multi.exec()) ?? [];
    replies.forEach(([err, entries], p) => {
      if (err) throw err;
      const last = (entries as StreamEntry[])[0];
      const id = last ? parseStreamId(last[0]) : undefined;
      if (id) {
        this.position[p] = id;
        advance(this.delivered, p, id);
      }
    });
    // advance() keeps only the partitions of the latest millisecond, which is exactly the cut.
    this.running = true;
    this.loop = this.run();
  }

  /** Per partition, the last log id dispatched: the end of a replay that is followed by live entries. */
  positions(): StreamId[] {
    return [...this.position];
  }

  /** The cursor covering every entry dispatched so far. */
  cursor(): TenantCursor {
    return copyCursor(this.delivered);
  }

  async stop(): Promise<void> {
    this.running = false;
    // Ends a pending XREAD at once instead of waiting out its block time.
    this.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.readOnce();
      } catch (err) {
        if (!this.running) break;
        this.logger.warn("event log read failed; retrying", { err });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async readOnce(): Promise<void> {
    const ids = this.position.map(formatStreamId);
    const reply = (await this.redis.xread(
      "COUNT",
      this.batchSize,
      "BLOCK",
      this.blockMs,
      "STREAMS",
      ...this.keys,
      ...ids,
    )) as XreadReply;
    if (!reply || !this.running) return;
    const rows = this.takeInOrder(reply);
    if (rows.length === 0) return;
    const entries = rows.flatMap((row) => (row.entry ? [row.entry] : []));
    await this.sink.prepare(entries);
    if (!this.running) return;
    for (const row of rows) {
      this.position[row.partition] = row.logId;
      advance(this.delivered, row.partition, row.logId);
    }
    // Synchronous after the position moved: a subscription registers either wholly before or after a batch.
    this.sink.dispatch(entries);
  }

  /**
   * The rows of one read, by time. A partition that returned a full batch may hold more entries of a later
   * millisecond than some returned ones of other partitions; rows after the earliest such cut-off wait for
   * the next read, so delivery never goes back in time.
   */
  private takeInOrder(reply: NonNullable<XreadReply>): LogRow[] {
    let cutoff = Number.POSITIVE_INFINITY;
    const rows: LogRow[] = [];
    for (const [key, entries] of reply) {
      const partition = this.partitionOfKey.get(key);
      if (partition === undefined) continue;
      const last = entries[entries.length - 1];
      const lastId = last ? parseStreamId(last[0]) : undefined;
      if (entries.length >= this.batchSize && lastId) cutoff = Math.min(cutoff, lastId.ms);
      for (const raw of entries) {
        const logId = parseStreamId(raw[0]);
        if (!logId) continue;
        const entry = decodeLogEntry(partition, raw);
        // A row that cannot be read still moves the position, or the tailer would read it forever.
        if (!entry) this.logger.warn("skipping a malformed event log entry", { key, id: raw[0] });
        rows.push({ partition, logId, entry });
      }
    }
    return rows.filter((row) => row.logId.ms <= cutoff).sort((a, b) => a.logId.ms - b.logId.ms);
  }
}

interface LogRow {
  partition: number;
  logId: StreamId;
  entry: LogEvent | undefined;
}
