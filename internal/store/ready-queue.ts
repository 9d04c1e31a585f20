// The ready streams as one worker reads them: the streams of every partition for the routes its capabilities
// serve, read through the consumer group "workers" with one blocking XREADGROUP, entries a silent consumer read but
// never started taken over with XAUTOCLAIM, and the control channel that tells of aborts and new routes. Entries
// come out decoded; one no script wrote is dropped here, since it would otherwise be reclaimed forever.
import type { Redis } from "ioredis";
import type { Logger } from "../observability/logger.js";
import { type ControlNotice, decodeControlNotice } from "./control-notice.js";
import { fieldMap, type StreamEntry } from "./event-codec.js";
import { controlChannel, isGraphId, outputDeltaChannel, readyStreamKey, routesKey } from "./keys.js";

/** The consumer group of every ready stream; the startNode script acknowledges in it by this name. */
export const CONSUMER_GROUP = "workers";

/** A ready node as its stream entry names it (`{g, n, a, p}`), with where the entry is. */
export interface ReadyEntry {
  stream: string;
  entryId: string;
  graphId: string;
  nodeId: string;
  attempt: number;
  priority: number;
}

export interface ReadyQueueConnections {
  /** Short commands: groups, acknowledgements, reclaims, the route set, CLIENT UNBLOCK, publishing. */
  commands: Redis;
  /** The blocking XREADGROUP alone: a blocked connection answers nothing else meanwhile. */
  blocking: Redis;
  /** The control channel: a subscribed connection takes no other command. */
  subscriber: Redis;
}

export interface ReadyQueueOptions {
  keyPrefix: string;
  partitions: number;
  /** The consumer's name in the group: the worker's id. */
  consumer: string;
}

/** A read found a stream without its group (a flushed or replaced Redis); `serve` creates the groups again. */
export class ReadyGroupMissing extends Error {
  constructor(cause: unknown) {
    super("a ready stream has lost its consumer group", { cause });
    this.name = "ReadyGroupMissing";
  }
}

type XreadgroupReply = Array<[stream: string, entries: StreamEntry[]]> | null;
type XautoclaimReply = [next: string, entries: Array<StreamEntry | null>, deleted?: string[]];

export class ReadyQueue {
  private readonly commands: Redis;
  private readonly blocking: Redis;
  private readonly subscriber: Redis;
  private streamKeys: readonly string[] = [];
  private servedRoutes: readonly string[] = [];
  private readonly groupsReady = new Set<string>();
  private blockingClientId?: number;

  constructor(
    connections: ReadyQueueConnections,
    private readonly options: ReadyQueueOptions,
    private readonly logger: Logger,
  ) {
    this.commands = connections.commands;
    this.blocking = connections.blocking;
    this.subscriber = connections.subscriber;
    this.trackBlockingClientId();
  }

  /** The streams read: every partition's default stream, then those of each route served. */
  get streams(): readonly string[] {
    return this.streamKeys;
  }

  /** The non-default routes served, sorted. */
  get routes(): readonly string[] {
    return this.servedRoutes;
  }

  /**
   * Reads the route set and serves every route whose capabilities are all in `capabilities` (the default route
   * always), creating the consumer groups of streams it has not read before.
   */
  async serve(capabilities: ReadonlySet<string>): Promise<void> {
    const routes = await this.commands.smembers(routesKey(this.options.keyPrefix));
    const eligible = [""].concat(
      routes.filter((route) => route.split("+").every((cap) => capabilities.has(cap))).sort(),
    );
    const streams: string[] = [];
    for (let p = 0; p < this.options.partitions; p++) {
      for (const route of eligible) streams.push(readyStreamKey(this.options.keyPrefix, p, route));
    }
    for (const stream of streams) {
      if (this.groupsReady.has(stream)) continue;
      await this.ensureGroup(stream);
    }
    this.streamKeys = streams;
    this.servedRoutes = eligible.slice(1);
  }

  private async ensureGroup(stream: string): Promise<void> {
    try {
      await this.commands.xgroup("CREATE", stream, CONSUMER_GROUP, "0", "MKSTREAM");
    } catch (err) {
      if (!String((err as Error).message).startsWith("BUSYGROUP")) throw err;
    }
    this.groupsReady.add(stream);
  }

  /**
   * Up to `count` new entries of the served streams, waiting up to `blockMs` for the first; none when the wait
   * ran out or `wake` ended it. Throws ReadyGroupMissing when a stream lost its group.
   */
  async read(count: number, blockMs: number): Promise<ReadyEntry[]> {
    const streams = this.streamKeys;
    let reply: XreadgroupReply;
    try {
      reply = (await this.blocking.xreadgroup(
        "GROUP",
        CONSUMER_GROUP,
        this.options.consumer,
        "COUNT",
        count,
        "BLOCK",
        blockMs,
        "STREAMS",
        ...streams,
        ...streams.map(() => ">"),
      )) as XreadgroupReply;
    } catch (err) {
      if (!String((err as Error).message).startsWith("NOGROUP")) throw err;
      this.groupsReady.clear();
      throw new ReadyGroupMissing(err);
    }
    const entries: ReadyEntry[] = [];
    for (const [stream, raw] of reply ?? []) this.decodeInto(entries, stream, raw);
    return entries;
  }

  /** Takes over up to `count` entries of `stream` that their consumer read at least `minIdleMs` ago. */
  async reclaim(stream: string, minIdleMs: number, count: number): Promise<ReadyEntry[]> {
    const reply = (await this.commands.xautoclaim(
      stream,
      CONSUMER_GROUP,
      this.options.consumer,
      minIdleMs,
      "0-0",
      "COUNT",
      count,
    )) as XautoclaimReply;
    const entries: ReadyEntry[] = [];
    // Entries deleted since they were read come back as null.
    this.decodeInto(
      entries,
      stream,
      reply[1].filter((e): e is StreamEntry => Array.isArray(e)),
    );
    return entries;
  }

  private decodeInto(entries: ReadyEntry[], stream: string, raw: readonly StreamEntry[]): void {
    for (const [entryId, fields] of raw) {
      const entry = decodeReadyEntry(stream, entryId, fields);
      if (entry) entries.push(entry);
      else this.discard(stream, entryId);
    }
  }

  private discard(stream: string, entryId: string): void {
    this.logger.warn("discarding a malformed ready entry", { stream, entryId });
    this.commands
      .multi()
      .xack(stream, CONSUMER_GROUP, entryId)
      .xdel(stream, entryId)
      .exec()
      .catch((err: unknown) => this.logger.warn("could not discard a malformed entry", { err }));
  }

  /**
   * Ends the blocking read in progress like a timeout (CLIENT UNBLOCK), so the next read lists the streams
   * `serve` just added instead of waiting out the old read.
   */
  async wake(): Promise<void> {
    if (this.blockingClientId !== undefined) await this.commands.client("UNBLOCK", this.blockingClientId);
  }

  /** Ends the read in progress and every later one for good: the blocking connection is closed. */
  closeReads(): void {
    this.blocking.disconnect();
  }

  /** The blocking connection's id for CLIENT UNBLOCK; it changes when the connection is re-established. */
  private trackBlockingClientId(): void {
    const read = () => {
      this.blocking.client("ID").then(
        (id) => {
          this.blockingClientId = Number(id);
        },
        () => undefined,
      );
    };
    this.blocking.on("ready", read);
    if (this.blocking.status === "ready") read();
  }

  /** Subscribes to the control channel; each notice reaches `onNotice` decoded, anything else is ignored. */
  async listen(onNotice: (notice: ControlNotice) => void): Promise<void> {
    await this.subscriber.subscribe(controlChannel(this.options.keyPrefix));
    this.subscriber.on("message", (_channel: string, message: string) => {
      const notice = decodeControlNotice(message);
      if (notice) onNotice(notice);
    });
  }

  async unlisten(): Promise<void> {
    await this.subscriber.unsubscribe();
  }

  /** Publishes an encoded OutputDelta on the channel every gateway listens to. */
  publishDelta(message: string): Promise<number> {
    return this.commands.publish(outputDeltaChannel(this.options.keyPrefix), message);
  }
}

function decodeReadyEntry(stream: string, entryId: string, fields: string[]): ReadyEntry | undefined {
  const map = fieldMap(fields);
  const graphId = map.get("g");
  const nodeId = map.get("n");
  if (!graphId || !nodeId || !isGraphId(graphId)) return undefined;
  return {
    stream,
    entryId,
    graphId,
    nodeId,
    attempt: Number(map.get("a")),
    priority: Number(map.get("p") ?? 0),
  };
}
