// Reads every graph stored under a key prefix straight from Redis and lists what is not whole: a graph whose keys
// were half written, whose history does not fold to its stored projection, or that an index or an idempotency
// record names but that does not exist. Fault tests run it after a crash to prove nothing was left torn.
import { isDeepStrictEqual } from "node:util";
import type { Redis } from "ioredis";
import type { GraphEvent } from "../../internal/domain/events.js";
import { foldEvents } from "../../internal/domain/fold.js";
import type { GraphState } from "../../internal/domain/state.js";
import { decodeEvent, type StreamEntry } from "../../internal/engine/event-codec.js";
import { GRAPH_ID_PATTERN, graphKeys, partitionOf } from "../../internal/engine/keys.js";
import { toGraphState } from "../../internal/engine/projection.js";

export interface StoredGraph {
  id: string;
  state: GraphState;
  events: GraphEvent[];
}

export interface IntegrityReport {
  graphs: Map<string, StoredGraph>;
  /** One line per defect; empty when every graph is whole. */
  problems: string[];
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Checks every graph under `keyPrefix`; reads each graph in one MULTI, so a graph is seen at one moment. */
export async function checkGraphIntegrity(redis: Redis, keyPrefix: string): Promise<IntegrityReport> {
  const problems: string[] = [];
  const graphs = new Map<string, StoredGraph>();
  const base = escapeGlob(keyPrefix);
  const graphKeyPattern = new RegExp(
    `^${keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\{(\\d+)\\}:g:([^:]+)(:[nskoe])?$`,
  );

  // Every key of a graph, grouped by graph id: a key without its graph's meta hash is a torn write.
  const byGraph = new Map<string, Set<string>>();
  for (const key of await scanKeys(redis, `${base}:{*}:g:*`)) {
    const match = graphKeyPattern.exec(key);
    if (!match) {
      problems.push(`unexpected key ${key}`);
      continue;
    }
    const [, partition, id, suffix] = match as unknown as [string, string, string, string | undefined];
    if (!GRAPH_ID_PATTERN.test(id) || partitionOf(id) !== Number(partition)) {
      problems.push(`key ${key} names no valid graph of partition ${partition}`);
      continue;
    }
    const suffixes = byGraph.get(id) ?? new Set<string>();
    suffixes.add(suffix ?? "");
    byGraph.set(id, suffixes);
  }

  for (const [id, suffixes] of byGraph) {
    const keys = graphKeys(keyPrefix, id);
    if (!suffixes.has("")) {
      problems.push(`graph ${id}: keys ${[...suffixes].join(",")} exist without the graph's meta hash`);
      continue;
    }
    const replies = await redis
      .multi()
      .hgetall(keys.meta)
      .hgetall(keys.nodes)
      .hgetall(keys.out)
      .hgetall(keys.spec)
      .xrange(keys.events, "-", "+")
      .exec();
    if (!replies) throw new Error(`reading graph ${id} was aborted`);
    const values = replies.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
    const [meta, nodes, outputs, spec, entries] = values as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      StreamEntry[],
    ];
    const missing = ["status", "tenant", "name", "createdAt", "total", "v", "last"].filter((f) => !meta[f]);
    if (missing.length > 0) {
      problems.push(`graph ${id}: meta hash lacks ${missing.join(", ")}`);
      continue;
    }
    const total = Number(meta.total);
    if (Object.keys(nodes).length !== total) {
      problems.push(`graph ${id}: ${Object.keys(nodes).length} node states for ${total} nodes`);
      continue;
    }
    if (!spec[":graph"] || !spec[":order"] || Object.keys(spec).length !== total + 2) {
      problems.push(`graph ${id}: spec hash is incomplete`);
      continue;
    }
    const events = entries.map((entry) => decodeEvent(id, meta.tenant as string, entry));
    if (Number(meta.v) !== events.length) {
      problems.push(`graph ${id}: version ${meta.v} but ${events.length} events`);
      continue;
    }
    if (meta.last !== events[events.length - 1]?.id) {
      problems.push(`graph ${id}: last event id ${meta.last} is not the stream's last entry`);
      continue;
    }
    if (events[0]?.type !== "GraphSubmitted" || events[1]?.type !== "GraphStarted") {
      problems.push(`graph ${id}: history does not open with GraphSubmitted, GraphStarted`);
      continue;
    }
    const state = toGraphState(id, { meta, nodes, outputs, spec });
    let folded: GraphState;
    try {
      folded = foldEvents(events) as GraphState;
    } catch (err) {
      problems.push(`graph ${id}: history does not fold: ${(err as Error).message}`);
      continue;
    }
    const difference = firstDifference(normalize(folded), normalize(state), "state");
    if (difference) {
      problems.push(`graph ${id}: fold of the history differs from the stored projection at ${difference}`);
      continue;
    }
    graphs.set(id, { id, state, events });
  }

  // The tenant index lists only graphs that exist, each under its current status.
  for (const key of await scanKeys(redis, `${base}:{*}:idx:*`)) {
    const members = await redis.zrange(key, 0, -1);
    for (const member of members) {
      const id = member.slice(member.indexOf("|") + 1);
      const graph = graphs.get(id);
      if (!graph) {
        if (!byGraph.has(id)) problems.push(`index ${key} names graph ${id}, which does not exist`);
        continue;
      }
      const status = key.slice(key.lastIndexOf(":") + 1);
      const isStatusKey = !key.endsWith(`:idx:${graph.state.tenantId}`);
      if (isStatusKey && status !== graph.state.status) {
        problems.push(`graph ${id} is ${graph.state.status} but listed under ${key}`);
      }
    }
  }

  // An idempotency record is written in the submitting step: it must name a graph that exists.
  for (const key of await scanKeys(redis, `${base}:{*}:idem:*`)) {
    const record = await redis.get(key);
    const id = record?.slice(0, record.indexOf("\n"));
    if (!id || !graphs.has(id))
      problems.push(`idempotency record ${key} names graph ${id}, which is not whole`);
  }
  return { graphs, problems };
}

/** The comparison the harness makes: JSON round trip, so undefined fields and prototypes do not matter. */
function normalize(state: GraphState): unknown {
  return JSON.parse(JSON.stringify(state));
}

/** The path of the first value that differs between two JSON values (key order ignored), or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return `${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found) return found;
  }
  return path;
}
