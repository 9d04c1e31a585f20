// Watching a graph: its stored events after a given id, then the live ones, each exactly once and in order, until
// the graph has ended or the watcher stops. Transports (gRPC WatchGraph, gateways) only forward what this yields.
//
// No gap, no duplicate: the watch listens to the partition-log reader (and waits until the reader has its
// position) before the stream is read to its end, so every event is either in that read or delivered live; live
// events at or before the last one yielded are dropped by id. A "resync" (the watch's queue overflowed, or the
// reader may have missed entries) re-reads the stream from the last id yielded.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../domain/events.js";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../domain/state.js";
import { DagoError, isDagoError } from "../errors/index.js";
import { graphKeys } from "../store/keys.js";
import { compareStreamIdTexts, type LogConsumer, type PartitionLogReader } from "../store/partition-logs.js";
import type { GraphServiceApi } from "./graph-service-api.js";
import { WatchQueue } from "./watch-queue.js";

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

export interface GraphWatcherOptions {
  /** Events read per page of the stored history; at most the service's events page limit (100). */
  pageSize?: number;
  /** Live events one watch may hold unread before it re-reads its graph's stream instead (1000). */
  maxBuffered?: number;
}

export class GraphWatcher implements GraphWatchApi {
  private readonly pageSize: number;
  private readonly maxBuffered: number;
  /** graph id → the queues of its open watches. */
  private readonly queues = new Map<string, Set<WatchQueue>>();
  /** How the reader's batches reach the watches. */
  private readonly consumer: LogConsumer = {
    wantsData: (entry) => this.queues.has(entry.event.graphId),
    receive: (entries) => {
      for (const entry of entries) {
        for (const queue of this.queues.get(entry.event.graphId) ?? []) queue.push(entry.event);
      }
    },
    missed: () => {
      for (const queue of this.allQueues()) queue.resync();
    },
    stopped: () => {
      for (const queue of this.allQueues()) queue.close();
    },
  };

  constructor(
    private readonly service: GraphServiceApi,
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly reader: PartitionLogReader,
    options: GraphWatcherOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.maxBuffered = options.maxBuffered ?? 1000;
  }

  /** Open watches, over every graph. */
  get watching(): number {
    return this.allQueues().length;
  }

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
    const queue = this.subscribe(graphId);
    try {
      await this.redisStep(queue.ready);
      const accept = (event: GraphEvent): boolean => {
        if (last !== undefined && compareStreamIdTexts(event.id, last) <= 0) return false;
        last = event.id;
        ended = LIFECYCLE[event.type] ?? ended;
        return true;
      };

      for (const event of first.events) if (accept(event)) yield event;
      // Read to the end again now that live delivery is on: this covers whatever came after the first page.
      for await (const event of this.stored(tenantId, graphId, last)) if (accept(event)) yield event;
      if (ended) return;

      for (;;) {
        const delivery = await queue.take(signal);
        if (delivery === undefined) return;
        const reread = delivery === "resync";
        const events = reread ? this.stored(tenantId, graphId, last) : toAsync(delivery);
        for await (const event of events) {
          if (!accept(event)) continue;
          yield event;
          if (!reread && ended) return;
        }
        if (ended) return;
      }
    } finally {
      queue.close();
    }
  }

  private subscribe(graphId: string): WatchQueue {
    const queue = new WatchQueue(graphId, this.reader.listen(this.consumer), this.maxBuffered, (q) => {
      const set = this.queues.get(q.graphId);
      set?.delete(q);
      if (set?.size === 0) this.queues.delete(q.graphId);
    });
    const set = this.queues.get(graphId);
    if (set) set.add(queue);
    else this.queues.set(graphId, new Set([queue]));
    return queue;
  }

  private allQueues(): WatchQueue[] {
    return [...this.queues.values()].flatMap((set) => [...set]);
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
