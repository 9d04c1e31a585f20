// One reader per process for the partition logs (`<prefix>:{p}:log`, written by every engine script next to the
// graph's own stream): a single blocking XREAD over all partitions feeds every watcher of every graph, so a
// thousand watchers cost one Redis connection. The log is only a fast path; a subscriber told to "resync"
// re-reads its graph's stream, which is the source of truth, so nothing is lost when the log is not enough
// (the reader fell behind its cap, the connection dropped, or a subscriber did not keep up).
import type { Redis } from "ioredis";
import type { EventType, GraphEvent } from "../domain/events.js";
import { partitionOf, partitionPrefix } from "../engine/keys.js";

export interface LogTailerOptions {
  keyPrefix: string;
  partitions: number;
  /** How long one XREAD blocks; also how soon the reader stops once nobody is subscribed (2000 ms). */
  blockMs?: number;
  /** Entries read per partition and XREAD (500). */
  batch?: number;
  /** Live events one subscriber may hold unread before it is told to re-read its graph's stream (1000). */
  maxBuffered?: number;
  /** Told of every failed read; the reader waits `retryMs` (1000) and goes on. */
  onError?(err: unknown): void;
  retryMs?: number;
}

/** What a subscriber waits for: live events in order, "resync" (re-read the stream), or undefined (stop). */
export type TailDelivery = GraphEvent[] | "resync" | undefined;

export class LogSubscription {
  private queue: GraphEvent[] = [];
  private mustResync = false;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly graphId: string,
    /** Resolves once every event appended from now on will be delivered here (or a resync signalled). */
    readonly ready: Promise<void>,
    private readonly maxBuffered: number,
    private readonly detach: (sub: LogSubscription) => void,
  ) {
    // A subscriber that gives up before awaiting `ready` must not leave an unhandled rejection behind.
    ready.catch(() => undefined);
  }

  push(event: GraphEvent): void {
    if (this.closed || this.mustResync) return;
    if (this.queue.length >= this.maxBuffered) this.resync();
    else this.queue.push(event);
    this.wake?.();
  }

  resync(): void {
    this.queue = [];
    this.mustResync = true;
    this.wake?.();
  }

  /** Waits until there is something to deliver; undefined once the signal aborted or the subscription closed. */
  take(signal?: AbortSignal): Promise<TailDelivery> {
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    if (this.mustResync) {
      this.mustResync = false;
      return Promise.resolve("resync");
    }
    if (this.queue.length > 0) {
      const events = this.queue;
      this.queue = [];
      return Promise.resolve(events);
    }
    return new Promise((resolve) => {
      const onAbort = () => {
        this.wake = undefined;
        resolve(undefined);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.wake = () => {
        this.wake = undefined;
        signal?.removeEventListener("abort", onAbort);
        resolve(this.take(signal));
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.detach(this);
    this.wake?.();
  }
}

export class PartitionLogTailer {
  private readonly subscribers = new Map<string, Set<LogSubscription>>();
  /** Partition -> id of the last log entry read. Only partitions with a concrete id are read. */
  private readonly cursors = new Map<number, string>();
  private readonly options: Required<Omit<LogTailerOptions, "onError">> & Pick<LogTailerOptions, "onError">;
  private run: Promise<void> | undefined;
  private stopped = false;

  /**
   * `blocking` is a connection of its own (XREAD BLOCK holds it); `reader` any other connection, used for the
   * short reads that place the cursors.
   */
  constructor(
    private readonly blocking: Redis,
    private readonly reader: Redis,
    options: LogTailerOptions,
  ) {
    this.options = { blockMs: 2000, batch: 500, maxBuffered: 1000, retryMs: 1000, ...options };
    // The connection was closed for good (the process is stopping): so is the reader.
    blocking.once("end", () => this.stop());
  }

  /** Subscribers now, over every graph. */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  subscribe(graphId: string): LogSubscription {
    if (this.stopped) throw new Error("the partition log reader has stopped");
    const partition = partitionOf(graphId);
    // Registered before the cursor is placed: an entry appended after the cursor's position is then delivered.
    const ready = this.start().then(() => this.placeCursors([partition], false));
    const sub = new LogSubscription(graphId, ready, this.options.maxBuffered, (s) => this.detach(s));
    const set = this.subscribers.get(graphId);
    if (set) set.add(sub);
    else this.subscribers.set(graphId, new Set([sub]));
    return sub;
  }

  /** Ends every subscription; the reader stops with its connection. */
  stop(): void {
    this.stopped = true;
    for (const set of [...this.subscribers.values()]) for (const sub of [...set]) sub.close();
  }

  private detach(sub: LogSubscription): void {
    const set = this.subscribers.get(sub.graphId);
    set?.delete(sub);
    if (set?.size === 0) this.subscribers.delete(sub.graphId);
  }

  private start(): Promise<void> {
    if (!this.run) {
      this.cursors.clear();
      const all = Array.from({ length: this.options.partitions }, (_, p) => p);
      const placed = this.placeCursors(all, true);
      this.run = placed;
      placed.then(
        () => void this.loop(),
        () => {
          this.run = undefined;
        },
      );
    }
    return this.run;
  }

  /** Sets the cursor of each partition to its log's last entry ("0-0" for an empty log). */
  private async placeCursors(partitions: number[], replace: boolean): Promise<void> {
    const missing = replace ? partitions : partitions.filter((p) => !this.cursors.has(p));
    if (missing.length === 0) return;
    const pipeline = this.reader.pipeline();
    for (const p of missing) pipeline.xrevrange(this.logKey(p), "+", "-", "COUNT", 1);
    const replies = (await pipeline.exec()) ?? [];
    missing.forEach((p, i) => {
      const [err, entries] = replies[i] ?? [new Error("no reply"), null];
      if (err) throw err;
      const last = (entries as Array<[string, string[]]>)[0];
      if (replace || !this.cursors.has(p)) this.cursors.set(p, last ? last[0] : "0-0");
    });
  }

  private async loop(): Promise<void> {
    const { batch, blockMs } = this.options;
    while (!this.stopped && this.subscribers.size > 0) {
      const partitions = [...this.cursors.keys()];
      try {
        const reply = (await this.blocking.xread(
          "COUNT",
          batch,
          "BLOCK",
          blockMs,
          "STREAMS",
          ...partitions.map((p) => this.logKey(p)),
          ...partitions.map((p) => this.cursors.get(p) as string),
        )) as Array<[string, Array<[string, string[]]>]> | null;
        if (reply) this.dispatch(reply);
      } catch (err) {
        if (this.stopped) break;
        this.options.onError?.(err);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
        // Entries appended meanwhile may be gone from the capped log: start from its end again and let every
        // subscriber re-read its graph's stream from the last event it delivered.
        try {
          await this.placeCursors([...this.cursors.keys()], true);
        } catch {
          continue;
        }
        for (const set of this.subscribers.values()) for (const sub of set) sub.resync();
      }
    }
    // Decided in the same turn as the check above, so a subscribe() after this starts a fresh run.
    this.run = undefined;
  }

  private dispatch(reply: Array<[string, Array<[string, string[]]>]>): void {
    for (const [key, entries] of reply) {
      const partition = this.partitionOfKey(key);
      for (const [entryId, fields] of entries) {
        this.cursors.set(partition, entryId);
        const event = this.wanted(fields);
        if (!event) continue;
        for (const sub of this.subscribers.get(event.graphId) ?? []) sub.push(event);
      }
    }
  }

  /** The log entry as the graph's event, when someone watches that graph. */
  private wanted(fields: string[]): GraphEvent | undefined {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
    const graphId = map.get("graph");
    if (graphId === undefined || !this.subscribers.has(graphId)) return undefined;
    const event: GraphEvent = {
      id: map.get("id") ?? "",
      graphId,
      tenantId: map.get("tenant") ?? "",
      type: map.get("type") as EventType,
      at: Number(map.get("at")),
      data: JSON.parse(map.get("data") ?? "{}") as Record<string, unknown>,
    };
    const node = map.get("node");
    if (node) event.nodeId = node;
    const attempt = map.get("attempt");
    if (attempt) event.attempt = Number(attempt);
    return event;
  }

  private logKey(partition: number): string {
    return `${partitionPrefix(this.options.keyPrefix, partition)}log`;
  }

  private partitionOfKey(key: string): number {
    // "<prefix>:{<p>}:log"
    const open = key.lastIndexOf("{");
    return Number(key.slice(open + 1, key.indexOf("}", open)));
  }
}
