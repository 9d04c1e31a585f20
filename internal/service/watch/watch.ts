// What every watch shares: its filter, and the switch from "buffering" (live entries are held while the stored
// history is replayed) to "live". The held entries count against the sink's budget, so a replay that outlasts a
// flood of live events is stopped by the sink (a slow WebSocket client is closed) instead of growing without
// bound. The same switch serves a catch-up: when the partition-log reader may have missed entries, a live watch
// goes back to buffering, replays from what it delivered last, and turns live again.

import type { OutputDelta } from "../../contract/output-delta.js";
import { DELTA_TYPE, type SubscriptionType } from "../../contract/ws-protocol.js";
import type { EventType } from "../../domain/events.js";
import { eventJson, type LogEvent, type LogListener } from "../../store/partition-logs.js";
import type { WatchItem } from "./watch-item.js";

/** Where a watch's items go: a WebSocket watch, or a queue a pulling caller reads. */
export interface WatchSink {
  /** Takes one item; false when the receiver is gone (then nothing more needs delivering). */
  deliver(item: WatchItem): boolean;
  /** Accounts for bytes held in memory for this receiver; false when that made it too slow. */
  hold(bytes: number): boolean;
  release(bytes: number): void;
  /** Resolves when the receiver has room for more replayed events; false when it is gone. */
  waitForRoom(): Promise<boolean>;
  /** Runs the watch's catchUp() in the background; a failure ends the watch with an error. */
  catchUpInBackground(watch: Watch): void;
  /** The partition-log reader stopped for good (the process is stopping): nothing more will come live. */
  readerStopped?(): void;
  /** The watch turned live again after a catch-up (no second `live` item is delivered for it). */
  caughtUp?(): void;
}

type Held = { entry: LogEvent; delta?: undefined } | { delta: OutputDelta; json: string; entry?: undefined };

export type WatchState = "buffering" | "live" | "closed";

export abstract class Watch {
  state: WatchState;
  private held: Held[] = [];
  private heldBytes = 0;
  /** Keeps the partition-log reader running while the watch is open. */
  private listener: LogListener | undefined;
  /** Takes the watch out of the index that feeds it live entries. */
  private unregister: (() => void) | undefined;
  /** Entries may have been missed since the current replay pass began: another pass follows. */
  private behind = false;
  /** Whether the `live` message went out (it is sent once, not again after a catch-up). */
  private announced = false;

  constructor(
    readonly tenantId: string,
    readonly types: ReadonlySet<SubscriptionType> | undefined,
    protected readonly sink: WatchSink,
    buffering: boolean,
  ) {
    this.state = buffering ? "buffering" : "live";
  }

  wants(type: EventType): boolean {
    return this.types === undefined || this.types.has(type);
  }

  abstract wantsDeltas(): boolean;

  /** A live entry the index matched to this watch (by graph or tenant). */
  receive(entry: LogEvent): void {
    if (this.state === "closed" || !this.wants(entry.event.type)) return;
    if (this.state === "buffering") {
      this.keep({ entry }, eventJson(entry).length);
      return;
    }
    this.deliverLive(entry);
  }

  receiveDelta(delta: OutputDelta, json: string): void {
    if (this.state === "closed" || !this.wantsDeltas()) return;
    if (this.state === "buffering") {
      this.keep({ delta, json }, json.length);
      return;
    }
    this.sink.deliver({ kind: "delta", delta, json });
  }

  /**
   * The partition-log reader may have missed entries (its connection dropped; the capped log may have lost
   * some meanwhile). A live watch holds live entries again and catches up from what it delivered last;
   * one that is replaying does one more pass when the current one ends.
   */
  missed(): void {
    if (this.state === "closed") return;
    this.behind = true;
    this.markBehind();
    if (this.state !== "live") return;
    this.state = "buffering";
    this.sink.catchUpInBackground(this);
  }

  /** Replays until no entry can be missing any more, then turns live. Rejects when a replay pass fails. */
  async catchUp(): Promise<void> {
    do {
      this.behind = false;
      await this.replay();
    } while (this.behind && this.state === "buffering");
    this.goLive();
  }

  /** One replay pass: sends the stored events after what this watch delivered (or started from). */
  abstract replay(): Promise<void>;

  /**
   * Sends what was held during a replay (minus what the replay already sent), turns live and, the first time,
   * says so. Called right after registration when there is nothing to replay.
   */
  goLive(): void {
    if (this.state === "closed") return;
    if (this.state === "buffering") {
      const held = this.held;
      this.held = [];
      this.sink.release(this.heldBytes);
      this.heldBytes = 0;
      this.state = "live";
      for (const item of held) {
        if (item.entry) this.deliverLive(item.entry);
        else this.sink.deliver({ kind: "delta", delta: item.delta, json: item.json });
      }
    }
    if (this.announced) {
      this.sink.caughtUp?.();
      return;
    }
    this.announced = true;
    const cursor = this.liveCursor();
    this.sink.deliver(cursor === undefined ? { kind: "live" } : { kind: "live", cursor });
  }

  readerStopped(): void {
    if (this.state !== "closed") this.sink.readerStopped?.();
  }

  /**
   * Drops what a replay holds and makes the next pass read it from the store instead: for a sink that would
   * rather re-read the stored history than hold a flood of live entries (a pulling caller that fell behind).
   */
  shed(): void {
    if (this.state !== "buffering") return;
    this.held = [];
    this.sink.release(this.heldBytes);
    this.heldBytes = 0;
    this.behind = true;
    this.markBehind();
  }

  /**
   * Takes over the listener the watch was registered with and the way out of its index; closing the watch
   * closes and leaves both.
   */
  attach(listener: LogListener, unregister: () => void): void {
    this.listener = listener;
    this.unregister = unregister;
  }

  close(): void {
    this.listener?.close();
    this.listener = undefined;
    this.unregister?.();
    this.unregister = undefined;
    this.state = "closed";
    this.held = [];
    this.sink.release(this.heldBytes);
    this.heldBytes = 0;
  }

  /** The cursor the `live` message carries (tenant watchs only). */
  protected liveCursor(): string | undefined {
    return undefined;
  }

  protected abstract deliverLive(entry: LogEvent): void;

  /** Notes that the next replay pass must cover everything the watch has, not only what it started with. */
  protected markBehind(): void {}

  private keep(item: Held, bytes: number): void {
    // The envelope around the body is small; 64 bytes is a generous bound for it.
    const size = bytes + 64;
    this.held.push(item);
    this.heldBytes += size;
    this.sink.hold(size);
  }
}

export function wantsDeltaType(types: ReadonlySet<SubscriptionType> | undefined): boolean {
  return types?.has(DELTA_TYPE) === true;
}
