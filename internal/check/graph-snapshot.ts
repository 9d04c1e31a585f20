// One graph as stored, read in one MULTI so the projection and the history are a consistent cut even while the
// graph runs: meta, node states, outputs, specs and every event.
import type { Redis } from "ioredis";
import type { GraphEvent } from "../domain/events.js";
import { decodeEvent, type StreamEntry } from "../engine/event-codec.js";
import { graphKeys } from "../engine/keys.js";
import type { RawProjection } from "../engine/projection.js";

export interface GraphSnapshot {
  graphId: string;
  raw: RawProjection;
  /** Stream entries as stored; decoded by decodeSnapshotEvents. */
  entries: StreamEntry[];
}

/** Undefined when the graph does not exist (or its keys expired meanwhile). */
export async function readGraphSnapshot(
  redis: Redis,
  keyPrefix: string,
  graphId: string,
): Promise<GraphSnapshot | undefined> {
  const keys = graphKeys(keyPrefix, graphId);
  const replies = await redis
    .multi()
    .hgetall(keys.meta)
    .hgetall(keys.nodes)
    .hgetall(keys.out)
    .hgetall(keys.spec)
    .xrange(keys.events, "-", "+")
    .exec();
  if (!replies) throw new Error(`the read of graph ${graphId} was aborted`);
  const values = replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  const [meta, nodes, outputs, spec] = values as Array<Record<string, string>>;
  if (!meta?.status) return undefined;
  return {
    graphId,
    raw: { meta, nodes: nodes ?? {}, outputs: outputs ?? {}, spec: spec ?? {} },
    entries: values[4] as StreamEntry[],
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
