// A subscription to named graphs. With `after`, it replays each graph's stored events from the graph's own
// stream; live events at or below the last id sent for their graph are dropped, which makes the switch from
// replay to live free of gaps and duplicates (ids only grow within a graph's stream).

import {
  compareStreamIds,
  eventJson,
  type LogEvent,
  parseStreamId,
  type StreamId,
} from "../../eventlog/index.js";
import type { GraphStreamReader } from "./graph-stream-reader.js";
import { eventMessage } from "./outgoing-messages.js";
import type { SubscriptionType } from "./protocol.js";
import { type ClientSink, Subscription } from "./subscription.js";

const REPLAY_PAGE = 200;

export class GraphSubscription extends Subscription {
  /** graph id → id of the last event sent for it. */
  private readonly lastSent = new Map<string, StreamId>();

  constructor(
    sub: string,
    tenantId: string,
    types: ReadonlySet<SubscriptionType> | undefined,
    sink: ClientSink,
    readonly graphs: readonly string[],
    private readonly after: ReadonlyMap<string, string>,
  ) {
    super(sub, tenantId, types, sink, after.size > 0);
  }

  wantsDeltas(): boolean {
    return this.types === undefined || this.types.has("NodeOutputDelta");
  }

  /** Sends the stored events after each `after` id, page by page, at the pace the client reads them. */
  async replay(reader: GraphStreamReader): Promise<void> {
    for (const [graphId, start] of this.after) {
      let cursor = start;
      for (;;) {
        if (this.state !== "buffering" || !(await this.sink.waitForRoom())) return;
        const events = await reader.page(graphId, this.tenantId, cursor, REPLAY_PAGE);
        if (this.state !== "buffering") return;
        for (const event of events) {
          const id = parseStreamId(event.id);
          if (id) this.lastSent.set(graphId, id);
          if (
            this.wants(event.type) &&
            !this.sink.send(eventMessage(this.sub, JSON.stringify(event)), "event")
          ) {
            return;
          }
        }
        const last = events[events.length - 1];
        if (!last || events.length < REPLAY_PAGE) break;
        cursor = last.id;
      }
    }
  }

  protected deliverLive(entry: LogEvent): void {
    const graphId = entry.event.graphId;
    const last = this.lastSent.get(graphId);
    if (last && compareStreamIds(entry.eventId, last) <= 0) return;
    this.lastSent.set(graphId, entry.eventId);
    this.sink.send(eventMessage(this.sub, eventJson(entry)), "event", entry.event.at);
  }
}
