// The live events of one watch, between the partition-log reader and the watcher that yields them. Bounded: a
// watcher that falls behind by more than `maxBuffered` events is told to "resync" (re-read its graph's stream,
// the source of truth) instead of making the queue grow.
import type { GraphEvent } from "../domain/events.js";
import type { LogListener } from "../store/partition-logs.js";

/** What a watcher waits for: live events in order, "resync" (re-read the stream), or undefined (stop). */
export type WatchDelivery = GraphEvent[] | "resync" | undefined;

export class WatchQueue {
  private queue: GraphEvent[] = [];
  private mustResync = false;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly graphId: string,
    /** Keeps the reader running while the watch lasts. */
    private readonly listener: LogListener,
    private readonly maxBuffered: number,
    private readonly detach: (queue: WatchQueue) => void,
  ) {
    // A watch that gives up before awaiting `ready` must not leave an unhandled rejection behind.
    listener.ready.catch(() => undefined);
  }

  /** Resolves once every event appended from now on will be delivered here (or a resync signalled). */
  get ready(): Promise<void> {
    return this.listener.ready;
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

  /** Waits until there is something to deliver; undefined once the signal aborted or the queue closed. */
  take(signal?: AbortSignal): Promise<WatchDelivery> {
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
    this.listener.close();
    this.detach(this);
    this.wake?.();
  }
}
