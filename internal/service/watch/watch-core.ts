// The one watch core of a process: it registers watches of named graphs or of a tenant, feeds them from the
// process's partition-log reader and output-delta relay, and leaves their items to a sink. The WebSocket gateway
// and gRPC WatchGraph are sinks; neither reads Redis itself.
//
// No gap, no duplicate: a watch is registered (buffering, when it replays) only after the reader has its
// position, so every event appended from then on reaches it live, and the stored range it replays ends where
// live delivery begins (see GraphWatch and TenantWatch for how each drops what the other side covered).
import type { TenantCursor } from "../../contract/tenant-cursor.js";
import type { SubscriptionType } from "../../contract/ws-protocol.js";
import { TERMINAL_GRAPH_STATUSES } from "../../domain/state.js";
import type { DeltaRelay } from "../../store/delta-relay.js";
import type { GraphStreamReader } from "../../store/graph-stream-reader.js";
import type { LogListener, PartitionLogReader } from "../../store/partition-logs.js";
import { cursorAt } from "../../store/tenant-cursor.js";
import type { TenantLogReader } from "../../store/tenant-log-reader.js";
import { GraphWatch } from "./graph-watch.js";
import { TenantWatch } from "./tenant-watch.js";
import type { Watch, WatchSink } from "./watch.js";
import { cursorExpired, graphNotFound } from "./watch-error.js";
import { WatchIndex } from "./watch-index.js";

export interface WatchCoreParts {
  /** Reads graph streams for replays (a fail-fast connection). */
  streams: GraphStreamReader;
  /** The process's one partition-log reader, shared with its other consumers. */
  log: PartitionLogReader;
  tenantLogs: TenantLogReader;
  /** Output deltas of running nodes; without a relay, watches get events only. */
  deltas?: DeltaRelay;
  /** Events read per page when a graph watch replays (200). */
  replayPageSize?: number;
}

export interface GraphsWatchRequest {
  tenantId: string;
  /** Distinct graph ids; each must exist and belong to the tenant. */
  graphs: readonly string[];
  /** Undefined: every event type and the deltas. */
  types?: ReadonlySet<SubscriptionType>;
  /** graph id → event id after which stored events are replayed; graphs not in it start live. */
  after: ReadonlyMap<string, string>;
}

export interface TenantWatchRequest {
  tenantId: string;
  /** Undefined: every event type, no deltas. */
  types?: ReadonlySet<SubscriptionType>;
  /** Resume after this position; live from now when unset. */
  after?: TenantCursor;
}

/** A sink the core registers a watch for. */
export interface OpenSink extends WatchSink {
  /** Whether nobody wants the watch any more (asked before it is registered). */
  readonly gone: boolean;
  /**
   * The watch is registered: called synchronously with the registration, before any item can arrive. The sink
   * starts it (`goLive()` when its state is live, `catchUp()` otherwise) after telling its receiver it exists.
   */
  opened(watch: Watch): void;
}

export class WatchCore {
  private readonly index = new WatchIndex();

  constructor(private readonly parts: WatchCoreParts) {}

  async start(): Promise<void> {
    await this.parts.deltas?.start((delta) => this.index.dispatchDelta(delta));
  }

  stop(): void {
    this.parts.deltas?.stop();
  }

  /** Open watches, of every kind and every sink. */
  get watching(): number {
    return this.index.size;
  }

  /**
   * Registers a watch of the graphs (buffering when it replays) and opens the sink with it. Undefined when the
   * sink went away meanwhile. Throws WatchError `graph_not_found` (also for another tenant's graph, so ids stay
   * secret).
   */
  async watchGraphs(request: GraphsWatchRequest, sink: OpenSink): Promise<GraphWatch | undefined> {
    // Read before the reader is listened to: a catch-up of a graph that starts live begins at its last event
    // from then, which precedes everything live delivery can bring.
    const heads = await this.parts.streams.heads([...request.graphs]);
    const startedAt = new Map<string, string>();
    const ended = new Set<string>();
    request.graphs.forEach((graphId, i) => {
      const head = heads[i];
      if (head?.tenant !== request.tenantId) throw graphNotFound(graphId);
      if (head.lastEventId !== undefined) startedAt.set(graphId, head.lastEventId);
      if (head.status !== undefined && TERMINAL_GRAPH_STATUSES.has(head.status)) ended.add(graphId);
    });
    const listener = await this.listen(sink);
    if (!listener) return undefined;
    const watch = new GraphWatch(
      request.tenantId,
      request.types,
      sink,
      this.parts.streams,
      request.graphs,
      request.after,
      startedAt,
      ended,
      this.parts.replayPageSize,
    );
    watch.attach(listener, () => this.index.remove(watch));
    this.index.addGraphs(watch);
    sink.opened(watch);
    return watch;
  }

  /**
   * Registers a watch of every graph of the tenant, as watchGraphs does. Throws WatchError `cursor_expired` when
   * the logs no longer hold everything after `after`.
   */
  async watchTenant(request: TenantWatchRequest, sink: OpenSink): Promise<TenantWatch | undefined> {
    const { log, tenantLogs } = this.parts;
    if (request.after && (await tenantLogs.trimmedPast(request.after))) throw cursorExpired();
    const listener = await this.listen(sink);
    if (!listener) return undefined;
    const watch = new TenantWatch(
      request.tenantId,
      request.types,
      sink,
      { reader: tenantLogs, positions: () => log.positions() },
      // Taken together with the registration, synchronously: live delivery starts exactly there.
      request.after ?? cursorAt(log.positions()),
      request.after !== undefined,
    );
    watch.attach(listener, () => this.index.remove(watch));
    this.index.addTenant(watch);
    sink.opened(watch);
    return watch;
  }

  /**
   * Keeps the partition-log reader running for a new watch (starting it if it was paused) and waits until it has
   * its position, so live delivery misses nothing from registration on. Undefined when the sink went away.
   */
  private async listen(sink: OpenSink): Promise<LogListener | undefined> {
    const listener = this.parts.log.listen(this.index);
    try {
      await listener.ready;
    } catch (err) {
      listener.close();
      throw err;
    }
    if (!sink.gone) return listener;
    listener.close();
    return undefined;
  }
}
