// Watching one graph by pulling: its stored events after a given id, then the live ones, each exactly once and in
// order, until the graph has ended or the caller stops. What gRPC WatchGraph forwards. A graph watch of the
// watch core does the work (see watch-core.ts for why there is no gap and no duplicate); this adapter only
// queues its items (PullSink) and ends the iteration when the graph has ended.
import { EVENT_TYPES, type GraphEvent } from "../../domain/events.js";
import { parseStreamId } from "../../domain/stream-id.js";
import { DagoError, isDagoError } from "../../errors/index.js";
import { PullSink } from "./pull-sink.js";
import type { WatchCore } from "./watch-core.js";
import { WatchError } from "./watch-error.js";

export interface WatchOptions {
  /** Start after this event id; from the first event when unset. */
  after?: string;
  /** Aborting ends the watch (the iterator returns). */
  signal?: AbortSignal;
}

export interface GraphWatchApi {
  /**
   * Yields the graph's events after `options.after`, then each new one as it is recorded; returns after the event
   * that ended the graph (or at once when it had ended and nothing is left), or when the signal aborts. Throws
   * DagoError: not_found, invalid_request (a malformed `after`), redis_unavailable.
   */
  watch(
    tenantId: string,
    graphId: string,
    options?: WatchOptions,
  ): AsyncGenerator<GraphEvent, void, undefined>;
}

export interface GraphWatcherOptions {
  /** Live events one watch may hold untaken before it re-reads its graph's stream instead (1000). */
  maxBuffered?: number;
}

/** Whether an event leaves its graph ended (true), running again (false), or says nothing of it (absent). */
const ENDS_GRAPH: Partial<Record<GraphEvent["type"], boolean>> = {
  GraphStarted: false,
  GraphResumed: false,
  GraphCompleted: true,
  GraphFailed: true,
  GraphCancelled: true,
};

/** Events only: a pulling watcher gets no output deltas. */
const EVENTS_ONLY = new Set(EVENT_TYPES);

export class GraphWatcher implements GraphWatchApi {
  private readonly maxBuffered: number;
  private open = 0;

  constructor(
    private readonly core: WatchCore,
    options: GraphWatcherOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 1000;
  }

  /** Open watches of this watcher. */
  get watching(): number {
    return this.open;
  }

  async *watch(
    tenantId: string,
    graphId: string,
    options: WatchOptions = {},
  ): AsyncGenerator<GraphEvent, void, undefined> {
    const { signal } = options;
    if (options.after !== undefined && parseStreamId(options.after) === undefined) {
      throw new DagoError("invalid_request", "after must be an event id such as 1732200000000-0");
    }
    const sink = new PullSink(this.maxBuffered);
    const watch = await asDagoError(
      this.core.watchGraphs(
        {
          tenantId,
          graphs: [graphId],
          types: EVENTS_ONLY,
          after: new Map([[graphId, options.after ?? "0-0"]]),
        },
        sink,
      ),
    );
    if (!watch) return;
    this.open++;
    try {
      let ended = watch.endedAtStart.has(graphId);
      let replayed = false;
      for (;;) {
        const items = await asDagoError(sink.take(signal));
        if (items === undefined) return;
        for (const item of items) {
          if (item.kind === "live") replayed = true;
          if (item.kind !== "event") continue;
          yield item.event;
          ended = ENDS_GRAPH[item.event.type] ?? ended;
          // A live event that ends the graph is its last; in a replay, a retry may still follow one.
          if (ended && item.liveSinceMs !== undefined) return;
        }
        if (ended && replayed && watch.state === "live") return;
      }
    } finally {
      sink.close();
      this.open--;
    }
  }
}

/** The core's refusals and Redis faults as the API's errors. */
async function asDagoError<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (isDagoError(err)) throw err;
    if (err instanceof WatchError) throw new DagoError("not_found", err.message);
    throw new DagoError("redis_unavailable", "Redis is not reachable; the watch cannot go on", [], {
      cause: err,
    });
  }
}
