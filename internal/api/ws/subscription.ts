// What every subscription shares: its filter, and the switch from "buffering" (live entries are held while the
// stored history is replayed) to "live". The held entries count against the client's send buffer, so a replay
// that outlasts a flood of live events closes a slow client instead of growing without bound. The same switch
// serves a catch-up: when the partition-log reader may have missed entries, a live subscription goes back to
// buffering, replays from what it delivered last, and turns live again.

import type { OutputDelta } from "../../contract/output-delta.js";
import { DELTA_TYPE, type SubscriptionType } from "../../contract/ws-protocol.js";
import { deltaMessage, liveMessage, type SentKind } from "../../contract/ws-server-message-text.js";
import type { EventType } from "../../domain/events.js";
import { eventJson, type LogEvent, type LogListener } from "../../store/partition-logs.js";

/** The connection as a subscription sees it. */
export interface ClientSink {
  /** Sends one message; false when the connection is closing (then nothing more needs sending). */
  send(text: string, kind: SentKind, liveSinceMs?: number): boolean;
  /** Accounts for bytes held in memory for this client; false when that made the client too slow. */
  hold(bytes: number): boolean;
  release(bytes: number): void;
  /** Resolves when the socket buffer has room for more replayed events; false when the connection is closing. */
  waitForRoom(): Promise<boolean>;
  /** Runs the subscription's catchUp() in the background; a failure drops the subscription with an error. */
  catchUpInBackground(subscription: Subscription): void;
}

type Held = { entry: LogEvent; delta?: undefined } | { delta: OutputDelta; json: string; entry?: undefined };

export type SubscriptionState = "buffering" | "live" | "closed";

export abstract class Subscription {
  state: SubscriptionState;
  private held: Held[] = [];
  private heldBytes = 0;
  /** Keeps the partition-log reader running while the subscription is open. */
  private listener: LogListener | undefined;
  /** Entries may have been missed since the current replay pass began: another pass follows. */
  private behind = false;
  /** Whether the `live` message went out (it is sent once, not again after a catch-up). */
  private announced = false;

  constructor(
    readonly sub: string,
    readonly tenantId: string,
    readonly types: ReadonlySet<SubscriptionType> | undefined,
    protected readonly sink: ClientSink,
    buffering: boolean,
  ) {
    this.state = buffering ? "buffering" : "live";
  }

  wants(type: EventType): boolean {
    return this.types === undefined || this.types.has(type);
  }

  abstract wantsDeltas(): boolean;

  /** A live entry the index matched to this subscription (by graph or tenant). */
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
    this.sink.send(deltaMessage(this.sub, json), "delta");
  }

  /**
   * The partition-log reader may have missed entries (its connection dropped; the capped log may have lost
   * some meanwhile). A live subscription holds live entries again and catches up from what it delivered last;
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

  /** One replay pass: sends the stored events after what this subscription delivered (or started from). */
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
        else this.sink.send(deltaMessage(this.sub, item.json), "delta");
      }
    }
    if (this.announced) return;
    this.announced = true;
    this.sink.send(liveMessage(this.sub, this.liveCursor()), "live");
  }

  /** Takes over the listener the subscription was registered with; closing the subscription closes it. */
  holdReader(listener: LogListener): void {
    this.listener = listener;
  }

  close(): void {
    this.listener?.close();
    this.listener = undefined;
    this.state = "closed";
    this.held = [];
    this.sink.release(this.heldBytes);
    this.heldBytes = 0;
  }

  /** The cursor the `live` message carries (tenant subscriptions only). */
  protected liveCursor(): string | undefined {
    return undefined;
  }

  protected abstract deliverLive(entry: LogEvent): void;

  /** Notes that the next replay pass must cover everything the subscription has, not only what it started with. */
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
