// One graph as stored, read in one MULTI so the projection and the history are a consistent cut even while the
// graph runs: the projection (read as the engine reads it), every event, and which of the graph's keys exist.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../../domain/events.js";
import { decodeEvent, type StreamEntry } from "../event-codec.js";
import { graphKeys } from "../keys.js";
import { queueProjectionReads, type RawProjection, rawProjectionOf } from "../projection.js";

/**
 * The keys of a graph, by their name in graphKeys; `kids`, `out` and the budget's exist only once they hold
 * something.
 */
export const GRAPH_KEY_NAMES = [
  "meta",
  "nodes",
  "spec",
  "kids",
  "out",
  "events",
  "budget",
  "budgetOpen",
] as const;
export type GraphKeyName = (typeof GRAPH_KEY_NAMES)[number];

export interface GraphSnapshot {
  graphId: string;
  /** As stored; `meta` is empty when the graph's other keys exist without it. */
  raw: RawProjection;
  /** Stream entries as stored; decoded by decodeSnapshotEvents. */
  entries: StreamEntry[];
  /** Each key's PTTL: -2 when the key does not exist, -1 when it does not expire. */
  ttls: Record<GraphKeyName, number>;
}

/** Undefined when no key of the graph exists (or they all expired meanwhile). */
export async function readGraphSnapshot(
  redis: Redis,
  keyPrefix: string,
  graphId: string,
): Promise<GraphSnapshot | undefined> {
  const keys = graphKeys(keyPrefix, graphId);
  let multi = queueProjectionReads(redis.multi(), keys).xrange(keys.events, "-", "+");
  for (const name of GRAPH_KEY_NAMES) multi = multi.pttl(keys[name]);
  const replies = await multi.exec();
  if (!replies) throw new Error(`the read of graph ${graphId} was aborted`);
  const raw = rawProjectionOf(replies);
  const [entries, ...ttls] = replies.slice(4).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  const ttl = Object.fromEntries(GRAPH_KEY_NAMES.map((name, i) => [name, ttls[i] as number]));
  if (Object.values(ttl).every((t) => t === -2)) return undefined;
  return {
    graphId,
    raw,
    entries: entries as StreamEntry[],
    ttls: ttl as Record<GraphKeyName, number>,
  };
}

/** Decodes the events; a stream entry whose data is not JSON is reported by its id. */
export function decodeSnapshotEvents(
  snapshot: GraphSnapshot,
): { events: GraphEvent[] } | { badEntry: string; message: string } {
  const tenant = snapshot.raw.meta.tenant ?? "";
  const events: GraphEvent[] = [];
  for (const entry of snapshot.entries) {
    try {
      events.push(decodeEvent(snapshot.graphId, tenant, entry));
    } catch (err) {
      return { badEntry: entry[0], message: (err as Error).message };
    }
  }
  return { events };
}
