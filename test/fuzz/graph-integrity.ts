// Checks that every graph stored under a key prefix is whole: its meta hash, node states, specs and event stream
// all exist, the stream holds exactly as many events as the projection's version says (no event was appended
// without its state change, nor the reverse), and folding the events gives the stored projection.
import type { Redis } from "ioredis";
import { expect } from "vitest";
import { foldEvents } from "../../internal/domain/fold.js";
import type { GraphState } from "../../internal/domain/state.js";
import type { Engine } from "../../internal/engine/engine.js";

const GRAPH_KEY = /^(.+):\{(\d+)\}:g:([0-9a-hjkmnp-tv-z]{26}-\d{1,4})(?::([a-z]+))?$/;

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

/** Every graph id that has any key under the prefix. */
export async function storedGraphIds(redis: Redis, keyPrefix: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of await scanKeys(redis, `${keyPrefix}:{*}:g:*`)) {
    const match = GRAPH_KEY.exec(key);
    if (match && match[1] === keyPrefix) ids.add(match[3] as string);
  }
  return [...ids].sort();
}

/**
 * Asserts that every stored graph is whole. Call it when nothing is changing the graphs (no worker running, no
 * request in flight), so the projection and the stream are read at one moment. Returns how many graphs it checked.
 */
export async function expectEveryGraphWhole(redis: Redis, engine: Engine): Promise<number> {
  const prefix = engine.options.keyPrefix;
  const ids = await storedGraphIds(redis, prefix);
  for (const graphId of ids) {
    const base = `${prefix}:{${graphId.split("-")[1]}}:g:${graphId}`;
    const [meta, nodes, specs, length] = await Promise.all([
      redis.hgetall(base),
      redis.hlen(`${base}:n`),
      redis.hlen(`${base}:s`),
      redis.xlen(`${base}:e`),
    ]);
    expect(meta.status, `graph ${graphId} has no status`).toBeTruthy();
    expect(Number(meta.total), `graph ${graphId}: node states`).toBe(nodes);
    // Specs hold one field per node plus the graph header and the topological order.
    expect(specs, `graph ${graphId}: specs`).toBe(nodes + 2);
    expect(length, `graph ${graphId}: events in the stream vs the projection's version`).toBe(Number(meta.v));
    const stored = (await engine.getState(graphId)) as GraphState;
    const tenant = (await engine.graphTenant(graphId)) ?? "default";
    const events = await engine.readEvents(graphId, tenant, undefined, 1_000_000);
    const folded = foldEvents(events);
    expect(JSON.parse(JSON.stringify(folded)), `graph ${graphId}: fold vs projection`).toEqual(
      JSON.parse(JSON.stringify(stored)),
    );
  }
  return ids.length;
}
