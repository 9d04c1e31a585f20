// One reader per process for the partition logs (`<prefix>:{p}:log`, written by every engine script next to the
// graph's own stream). A single blocking XREAD over every partition, on a connection of its own, feeds every
// consumer of the process (the WebSocket gateway, the graph watcher behind gRPC WatchGraph): each entry is read
// and decoded once, however many subscribers there are. It reads only while someone listens; started again, it
// takes the end of every log as its position. The log is a fast path: a consumer told that entries may have
// been missed re-reads what it needs from the graphs' own streams. That happens after a failed read and after
// every drop of the connection: ioredis sends a pending XREAD again once it has reconnected, from the same
// position, and entries the capped log dropped meanwhile would otherwise be skipped without a trace.
import type { Redis } from "ioredis";
import { formatStreamId, parseStreamId, type StreamId, ZERO_ID } from "../domain/stream-id.js";
import type { Logger } from "../observability/index.js";
import type { StreamEntry } from "./event-codec.js";
import { partitionLogKey } from "./keys.js";
import { completeLogEvents, decodeLogEntry, type LogEvent } from "./log-entry.js";

export interface PartitionLogReaderOptions {
  keyPrefix: string;
  partitions: number;
  /** Entries read per partition and XREAD (1000); a full read is cut at the earliest truncated millisecond. */
  batchSize?: number;
  /** How long one XREAD blocks (2000 ms): also how soon the reader pauses once nobody listens. */
  blockMs?: number;
  /** The pause after a failed read (500 ms). */
  retryMs?: number;
}

/** What the reader feeds. A consumer gets each batch once, however many of its listeners are open. */
export interface LogConsumer {
  /** Whether a subscriber wants this entry with its data (GraphSubmitted is logged without it). */
  wantsData(entry: LogEvent): boolean;
  /**
   * The entries of one read, in order of time (never going back). Called synchronously after the reader's
   * position moved, so a subscriber registers wholly before or after a batch.
   */
  receive(entries: readonly LogEvent[]): void;
  /**
   * Entries may have been missed: a read failed or the connection dropped, and the capped log may have dropped
   * some meanwhile. Called once the reader reads again, after its position moved and before `receive` gets
   * that read's entries, so a consumer that re-reads from what it delivered last misses nothing.
   */
  missed?(): void;
  /** The reader stopped for good: nothing more will come. */
  stopped?(): void;
}

/** Keeps the reader running for one subscriber of a consumer. */
export interface LogListener {
  /** Resolves once the reader has a position: every entry appended from then on reaches the consumer. */
  readonly ready: Promise<void>;
  close(): void;
}

type XreadReply = Array<[key: string, entries: StreamEntry[]]> | null;

interface LogRow {
  partition: number;
  logId: StreamId;
  entry: LogEvent | undefined;
}

export class PartitionLogReader {
  private readonly keys: string[] = [];
  private readonly partitionOfKey = new Map<string, number>();
  private readonly options: Required<PartitionLogReaderOptions>;
  /** Per partition, the id of the last entry handed out. */
  private position: StreamId[] = [];
  /** Consumer → its open listeners. */
  private readonly consumers = new Map<LogConsumer, number>();
  /** Resolves once the current run has its position; undefined while the reader is paused. */
  private placed: Promise<void> | undefined;
  private loop: Promise<void> = Promise.resolve();
  private ended = false;
  /** A read failed or the connection dropped since the last read: the consumers hear of it with the next one. */
  private interrupted = false;

  /**
   * `blocking` is a connection of its own (XREAD BLOCK holds it; stop() closes it); `redis` a fail-fast one for
   * the short reads (the position at start, GraphSubmitted data).
   */
  constructor(
    private readonly blocking: Redis,
    private readonly redis: Redis,
    options: PartitionLogReaderOptions,
    private readonly logger: Logger,
  ) {
    this.options = { batchSize: 1000, blockMs: 2000, retryMs: 500, ...options };
    for (let p = 0; p < options.partitions; p++) {
      const key = partitionLogKey(options.keyPrefix, p);
      this.keys.push(key);
      this.partitionOfKey.set(key, p);
    }
    // The connection was closed for good (the process is stopping): so is the reader.
    blocking.once("end", () => void this.stop());
    blocking.on("close", () => {
      this.interrupted = true;
    });
  }

  /** Open listeners, over every consumer. */
  get listeners(): number {
    let count = 0;
    for (const n of this.consumers.values()) count += n;
    return count;
  }

  /** Whether a read loop is under way (it ends within one block time after the last listener left). */
  get reading(): boolean {
    return this.placed !== undefined;
  }

  /** Per partition, the last log id handed out: where a replay of the logs ends and live delivery starts. */
  positions(): StreamId[] {
    return [...this.position];
  }

  /** Starts reading if the reader was paused; `consumer` receives every batch until the listener closes. */
  listen(consumer: LogConsumer): LogListener {
    if (this.ended) throw new Error("the partition log reader has stopped");
    this.consumers.set(consumer, (this.consumers.get(consumer) ?? 0) + 1);
    const ready = this.placed ?? this.start();
    let open = true;
    return {
      ready,
      close: () => {
        if (!open) return;
        open = false;
        const count = (this.consumers.get(consumer) ?? 1) - 1;
        if (count > 0) this.consumers.set(consumer, count);
        else this.consumers.delete(consumer);
      },
    };
  }

  /** Stops for good: a pending read ends at once (its connection is closed) and every consumer is told. */
  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.blocking.disconnect();
    const consumers = [...this.consumers.keys()];
    this.consumers.clear();
    for (const consumer of consumers) consumer.stopped?.();
    await this.loop;
  }

  private start(): Promise<void> {
    // A fresh position: nothing before it is owed to anyone.
    this.interrupted = false;
    const placed = this.place();
    this.placed = placed;
    this.loop = placed.then(
      () => this.run(),
      () => {
        // Nobody reads: the next listener tries again.
        if (this.placed === placed) this.placed = undefined;
      },
    );
    return placed;
  }

  /** Takes the end of every log in one MULTI (a consistent cut) as the position to read after. */
  private async place(): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys) multi.xrevrange(key, "+", "-", "COUNT", 1);
    const replies = (await multi.exec()) ?? [];
    if (replies.length !== this.keys.length) throw new Error("the partition logs could not be read");
    this.position = replies.map(([err, entries]) => {
      if (err) throw err;
      const last = (entries as StreamEntry[])[0];
      return (last && parseStreamId(last[0])) ?? ZERO_ID;
    });
  }

  private async run(): Promise<void> {
    while (!this.ended && this.consumers.size > 0) {
      try {
        await this.readOnce();
      } catch (err) {
        if (this.ended) break;
        this.interrupted = true;
        this.logger.warn("reading the partition logs failed; retrying", { err });
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
      }
    }
    // Decided in the same turn as the check above, so a listen() from now on starts a fresh run.
    this.placed = undefined;
  }

  private async readOnce(): Promise<void> {
    const reply = (await this.blocking.xread(
      "COUNT",
      this.options.batchSize,
      "BLOCK",
      this.options.blockMs,
      "STREAMS",
      ...this.keys,
      ...this.position.map(formatStreamId),
    )) as XreadReply;
    // Taken as soon as the reply is in: a drop from now on concerns the next read. Should this one fail after
    // all, run() sets the flag again.
    const gap = this.interrupted;
    this.interrupted = false;
    if (this.ended) return;
    const rows = reply ? this.takeInOrder(reply) : [];
    const entries = rows.flatMap((row) => (row.entry ? [row.entry] : []));
    // Repeated until stable: a subscriber that registers during a read may want data nobody wanted before.
    for (;;) {
      const wanted = entries.filter((entry) => !entry.complete && this.wantedWithData(entry));
      if (wanted.length === 0) break;
      await completeLogEvents(this.redis, this.options.keyPrefix, wanted);
    }
    if (this.ended) return;
    for (const row of rows) this.position[row.partition] = row.logId;
    if (gap) for (const consumer of [...this.consumers.keys()]) consumer.missed?.();
    if (entries.length > 0) for (const consumer of [...this.consumers.keys()]) consumer.receive(entries);
  }

  private wantedWithData(entry: LogEvent): boolean {
    for (const consumer of this.consumers.keys()) if (consumer.wantsData(entry)) return true;
    return false;
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
      if (entries.length >= this.options.batchSize && lastId) cutoff = Math.min(cutoff, lastId.ms);
      for (const raw of entries) {
        const logId = parseStreamId(raw[0]);
        if (!logId) continue;
        const entry = decodeLogEntry(partition, raw);
        // A row that cannot be read still moves the position, or the reader would read it forever.
        if (!entry) this.logger.warn("skipping a malformed partition log entry", { key, id: raw[0] });
        rows.push({ partition, logId, entry });
      }
    }
    return rows.filter((row) => row.logId.ms <= cutoff).sort((a, b) => a.logId.ms - b.logId.ms);
  }
}
