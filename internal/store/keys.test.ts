// keys.ts is the one key module; the scripts build a few names themselves in includes/keys.lua. This runs that
// file in Redis and checks that both give the same names, so neither can drift from the other.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisPort } from "../../test/helpers/redis-port.js";
import {
  graphKeys,
  partitionLogKey,
  partitionPrefix,
  readyStreamKey,
  tenantIndexKey,
  timersKey,
  waitingDecisionsKey,
} from "./keys.js";

const KEYS_LUA = readFileSync(new URL("./scripts/includes/keys.lua", import.meta.url), "utf8");

let redis: Redis;

beforeAll(() => {
  redis = new Redis({ port: testRedisPort(), lazyConnect: true });
});

afterAll(() => {
  redis.disconnect();
});

/** Runs `expression` (Lua, over keys.lua's functions and ARGV) and returns its value. */
async function lua(expression: string, ...args: string[]): Promise<unknown> {
  return redis.eval(`${KEYS_LUA}\nreturn ${expression}`, 0, ...args);
}

describe("key names in Lua and TypeScript", () => {
  const cases = [
    { prefix: "dago", partition: 0, graphId: "01jd8x6y3q0000000000000000-0", tenant: "default" },
    { prefix: "acme:prod", partition: 13, graphId: "01jd8x6y3q7h2kzq9w4m5n6p8r-13", tenant: "team-a.b" },
  ];

  for (const c of cases) {
    const P = partitionPrefix(c.prefix, c.partition);

    it(`names a graph's keys alike (${c.prefix}, partition ${c.partition})`, async () => {
      const ts = graphKeys(c.prefix, c.graphId);
      const names = ["meta", "nodes", "spec", "kids", "out", "events", "budget", "budgetOpen"] as const;
      const fromLua = await lua(
        "(function(k) return { k.meta, k.nodes, k.spec, k.kids, k.out, k.events, k.budget, k.budgetOpen } end)(graphKeyNames(ARGV[1], ARGV[2]))",
        P,
        c.graphId,
      );
      expect(fromLua).toEqual(names.map((name) => ts[name]));
      expect(await lua("graphKeyList(ARGV[1], ARGV[2])", P, c.graphId)).toEqual(
        names.map((name) => ts[name]),
      );
      expect(ts.prefix).toBe(P);
    });

    it(`names the partition's keys alike (${c.prefix}, partition ${c.partition})`, async () => {
      expect(await lua("partitionLogKey(ARGV[1])", P)).toBe(partitionLogKey(c.prefix, c.partition));
      expect(await lua("timersKey(ARGV[1])", P)).toBe(timersKey(c.prefix, c.partition));
      expect(await lua("readyStreamKey(ARGV[1], '')", P)).toBe(readyStreamKey(c.prefix, c.partition, ""));
      expect(await lua("readyStreamKey(ARGV[1], ARGV[2])", P, "gpu")).toBe(
        readyStreamKey(c.prefix, c.partition, "gpu"),
      );
      expect(await lua("tenantIndexKey(ARGV[1], ARGV[2])", P, c.tenant)).toBe(
        tenantIndexKey(c.prefix, c.partition, c.tenant),
      );
      expect(await lua("waitingDecisionsKey(ARGV[1], ARGV[2])", P, c.tenant)).toBe(
        waitingDecisionsKey(c.prefix, c.partition, c.tenant),
      );
      expect(await lua("tenantIndexKey(ARGV[1], ARGV[2], 'running')", P, c.tenant)).toBe(
        tenantIndexKey(c.prefix, c.partition, c.tenant, "running"),
      );
    });
  }
});
