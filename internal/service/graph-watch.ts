// Watching a graph: its stored events after a given id, then the live ones, each exactly once and in order, until
// the graph has ended or the watcher stops. Transports (gRPC WatchGraph, gateways) only forward what this yields.
//
// No gap, no duplicate: the live subscription is registered (and its log cursor placed) before the stream is read
// to its end, so every event is either in that read or delivered live; live events at or before the last one
// yielded are dropped by id. A "resync" from the log reader re-reads the stream from the last id yielded.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../domain/events.js";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../domain/state.js";
import { graphKeys } from "../engine/keys.js";
import { DagoError, isDagoError } from "../errors/index.js";
import type { PartitionLogTailer } from "./partition-log-tailer.js";
import type { GraphServiceApi } from "./types.js";

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

const LIFECYCLE: Partial<Record<GraphEvent["type"], boolean>> = {
  GraphStarted: false,
  GraphResumed: false,
  GraphCompleted: true,
  GraphFailed: true,
  GraphCancelled: true,
};

/** Orders two stream ids ("<ms>-<seq>"). */
export function compareEventIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am !== bm ? am - bm : as - bs;
}

export class GraphWatcher implements GraphWatchApi {
  constructor(
    private readonly service: GraphServiceApi,
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly tailer: PartitionLogTailer,
    /** Events read per page of the stored history; at most the service's events page limit. */
    private readonly pageSize = 100,
  ) {}

  async *watch(
    tenantId: string,
    graphId: string,
    options: WatchOptions = {},
  ): AsyncGenerator<GraphEvent, void, undefined> {
    const { signal } = options;
    // The first page checks the request (ownership, `after`) before anything is subscribed.
    const first = await this.service.events(tenantId, graphId, {
      ...(options.after === undefined ? {} : { after: options.after }),
      limit: this.pageSize,
    });
    let ended = TERMINAL_GRAPH_STATUSES.has(await this.status(graphId));
    let last = options.after;
    const subscription = this.tailer.subscribe(graphId);
    try {
      await this.redisStep(subscription.ready);
      const accept = (event: GraphEvent): boolean => {
        if (last !== undefined && compareEventIds(event.id, last) <= 0) return false;
        last = event.id;
        ended = LIFECYCLE[event.type] ?? ended;
        return true;
      };

      for (const event of first.events) if (accept(event)) yield event;
      // Read to the end again now that live delivery is on: this covers whatever came after the first page.
      for await (const event of this.stored(tenantId, graphId, last)) if (accept(event)) yield event;
      if (ended) return;

      for (;;) {
        const delivery = await subscription.take(signal);
        if (delivery === undefined) return;
        // GraphSubmitted reaches the log without its data; it (and anything a resync covers) comes from the stream.
        const reread = delivery === "resync" || delivery.some((e) => e.type === "GraphSubmitted");
        const events = reread ? this.stored(tenantId, graphId, last) : toAsync(delivery);
        for await (const event of events) {
          if (!accept(event)) continue;
          yield event;
          if (!reread && ended) return;
        }
        if (ended) return;
      }
    } finally {
      subscription.close();
    }
  }

  /** Every stored event after `after`, page by page. */
  private async *stored(tenantId: string, graphId: string, after: string | undefined) {
    let cursor = after;
    for (;;) {
      const page = await this.service.events(tenantId, graphId, {
        ...(cursor === undefined ? {} : { after: cursor }),
        limit: this.pageSize,
      });
      yield* page.events;
      if (page.nextAfter === undefined) return;
      cursor = page.nextAfter;
    }
  }

  private async status(graphId: string): Promise<GraphStatus> {
    const status = await this.redisStep(this.redis.hget(graphKeys(this.keyPrefix, graphId).meta, "status"));
    return (status ?? "pending") as GraphStatus;
  }

  private async redisStep<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (err) {
      if (isDagoError(err)) throw err;
      throw new DagoError("redis_unavailable", "Redis is not reachable; the watch cannot go on", [], {
        cause: err,
      });
    }
  }
}

async function* toAsync(events: GraphEvent[]): AsyncGenerator<GraphEvent> {
  yield* events;
}
