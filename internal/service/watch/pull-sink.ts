// A sink for a caller that pulls (an async iterator, such as gRPC WatchGraph): items queue until taken. Bounded
// without closing anyone: a caller that falls more than `maxBuffered` live events behind makes its watch catch up
// from the store instead (re-reading the graph's stream, the source of truth, at the caller's pace), and what a
// replay holds meanwhile is dropped past a budget and re-read by the next pass.
import type { Watch } from "./watch.js";
import type { OpenSink } from "./watch-core.js";
import type { WatchItem } from "./watch-item.js";

/** Bytes a replay may hold per buffered event allowed, a generous bound on one event's JSON. */
const HELD_BYTES_PER_EVENT = 1024;

export class PullSink implements OpenSink {
  private watch: Watch | undefined;
  private items: WatchItem[] = [];
  private heldBytes = 0;
  private closed = false;
  private failure: { error: unknown } | undefined;
  /** Wakes a waiting take(). */
  private wake: (() => void) | undefined;
  /** Wakes replays waiting for room. */
  private readonly roomWaiters: Array<() => void> = [];

  constructor(private readonly maxBuffered: number) {}

  get gone(): boolean {
    return this.closed;
  }

  deliver(item: WatchItem): boolean {
    if (this.closed) return false;
    this.items.push(item);
    // Only live events count here: a replay is paced by waitForRoom.
    const live = item.kind === "event" && item.liveSinceMs !== undefined;
    if (live && this.items.length > this.maxBuffered && this.watch?.state === "live") this.watch.missed();
    this.notify();
    return true;
  }

  hold(bytes: number): boolean {
    this.heldBytes += bytes;
    if (this.heldBytes > this.maxBuffered * HELD_BYTES_PER_EVENT) this.watch?.shed();
    return true;
  }

  release(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  async waitForRoom(): Promise<boolean> {
    while (!this.closed && this.items.length >= this.maxBuffered) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    return !this.closed;
  }

  /** Starts the replay at once: a pulling watch always begins with one. */
  opened(watch: Watch): void {
    this.watch = watch;
    if (watch.state === "live") watch.goLive();
    else this.catchUpInBackground(watch);
  }

  catchUpInBackground(watch: Watch): void {
    watch.catchUp().catch((error: unknown) => {
      if (watch.state === "closed") return;
      this.failure = { error };
      this.close();
    });
  }

  readerStopped(): void {
    this.close();
  }

  caughtUp(): void {
    this.notify();
  }

  /**
   * Everything queued (possibly nothing, after a catch-up turned the watch live again), once there is something
   * to look at; undefined once the sink closed or the signal aborted. Rethrows what ended the watch.
   */
  async take(signal?: AbortSignal): Promise<WatchItem[] | undefined> {
    if (this.items.length === 0 && !this.closed && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.wake = undefined;
          signal?.removeEventListener("abort", done);
          resolve();
        };
        this.wake = done;
        signal?.addEventListener("abort", done, { once: true });
      });
    }
    if (this.failure) throw this.failure.error;
    if (signal?.aborted) return undefined;
    if (this.items.length === 0 && this.closed) return undefined;
    const items = this.items;
    this.items = [];
    for (const resolve of this.roomWaiters.splice(0)) resolve();
    return items;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watch?.close();
    this.notify();
    for (const resolve of this.roomWaiters.splice(0)) resolve();
  }

  private notify(): void {
    this.wake?.();
  }
}
