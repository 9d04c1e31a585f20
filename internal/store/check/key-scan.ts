// Finds keys under a prefix with SCAN (so a large keyspace is not blocked) and reads the graph keys among them:
// grouped by graph, and apart those that belong to no graph.
import type { Redis } from "ioredis";
import { GRAPH_ID_PATTERN, graphKeys, newGraphId, partitionOf } from "../keys.js";
import { GRAPH_KEY_NAMES, type GraphKeyName } from "./graph-snapshot.js";

export interface GraphKeyScan {
  /** Graph id → the names of its keys that exist. */
  graphs: Map<string, Set<GraphKeyName>>;
  /** Keys among a partition's graph keys that are no graph's (unknown suffix, not a graph id, other partition). */
  strays: string[];
}

/** Each key's suffix after the meta key, as graphKeys builds them ("" for the meta hash itself). */
const NAME_BY_SUFFIX: ReadonlyMap<string, GraphKeyName> = (() => {
  const keys = graphKeys("x", newGraphId(0));
  return new Map(GRAPH_KEY_NAMES.map((name) => [keys[name].slice(keys.meta.length), name]));
})();

/** Every key matching `pattern` (a SCAN glob). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

/** The SCAN glob of a kind of partition key ("g", "idx", "idem"), in every partition or in one. */
export function partitionKeyPattern(keyPrefix: string, kind: string, partition?: number): string {
  return `${escapeGlob(keyPrefix)}:{${partition ?? "*"}}:${kind}:*`;
}

/** Matches `<prefix>:{<partition>}:<kind>:<rest>`, giving the partition and the rest. */
export function partitionKeyParser(
  keyPrefix: string,
  kind: string,
): (key: string) => [number, string] | undefined {
  const pattern = new RegExp(`^${escapeRegExp(keyPrefix)}:\\{(\\d+)\\}:${kind}:(.+)$`);
  return (key) => {
    const match = pattern.exec(key);
    return match ? [Number(match[1]), match[2] as string] : undefined;
  };
}

export async function scanGraphKeys(redis: Redis, keyPrefix: string): Promise<GraphKeyScan> {
  const parse = partitionKeyParser(keyPrefix, "g");
  const scan: GraphKeyScan = { graphs: new Map(), strays: [] };
  for (const key of await scanKeys(redis, partitionKeyPattern(keyPrefix, "g"))) {
    const parsed = parse(key);
    if (!parsed) continue;
    const [partition, rest] = parsed;
    const colon = rest.indexOf(":");
    const id = colon < 0 ? rest : rest.slice(0, colon);
    const name = NAME_BY_SUFFIX.get(colon < 0 ? "" : rest.slice(colon));
    if (!name || !GRAPH_ID_PATTERN.test(id) || partitionOf(id) !== partition) {
      scan.strays.push(key);
      continue;
    }
    const names = scan.graphs.get(id) ?? new Set<GraphKeyName>();
    names.add(name);
    scan.graphs.set(id, names);
  }
  scan.strays.sort();
  return scan;
}

/** Ids of every graph under the prefix that has its meta hash. */
export async function listGraphIds(redis: Redis, keyPrefix: string): Promise<string[]> {
  const { graphs } = await scanGraphKeys(redis, keyPrefix);
  return [...graphs]
    .filter(([, names]) => names.has("meta"))
    .map(([id]) => id)
    .sort();
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
