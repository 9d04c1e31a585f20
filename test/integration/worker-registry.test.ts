// The worker registry against the suite's redis-server: what a heartbeat writes is what the live read returns, and
// a worker drops out once its record expired or it removed itself.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkerInfo } from "../../internal/contract/server-info.js";
import { workersKey } from "../../internal/store/keys.js";
import { WorkerRegistry } from "../../internal/store/worker-registry.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

let redis: Redis;

beforeAll(() => {
  redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
});

afterAll(() => {
  redis?.disconnect();
});

function worker(id: string, lastHeartbeat: number): WorkerInfo {
  return {
    id,
    host: "host-a",
    pid: 4242,
    capabilities: ["gpu", "web"],
    nodeTypes: ["llm", "noop", "search"],
    poolSize: 8,
    busy: 3,
    nodesRun: 12,
    startedAt: lastHeartbeat - 1000,
    lastHeartbeat,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("WorkerRegistry", () => {
  it("reads back every registered worker, oldest heartbeat first", async () => {
    const registry = new WorkerRegistry(redis, uniquePrefix());
    const now = Date.now();
    await registry.register(worker("w-b", now), 60_000);
    await registry.register(worker("w-a", now - 10), 60_000);
    expect(await registry.live()).toEqual([worker("w-a", now - 10), worker("w-b", now)]);
  });

  it("drops a worker whose record expired, and its index entry with it", async () => {
    const prefix = uniquePrefix();
    const registry = new WorkerRegistry(redis, prefix);
    const now = Date.now();
    await registry.register(worker("steady", now), 60_000);
    await registry.register(worker("silent", now), 50);
    await sleep(150);
    expect(await registry.live()).toEqual([worker("steady", now)]);
    expect(await redis.zrange(workersKey(prefix), 0, -1)).toEqual(["steady"]);
  });

  it("forgets a removed worker at once", async () => {
    const prefix = uniquePrefix();
    const registry = new WorkerRegistry(redis, prefix);
    const now = Date.now();
    await registry.register(worker("stays", now), 60_000);
    await registry.register(worker("leaves", now), 60_000);
    await registry.remove("leaves");
    expect((await registry.live()).map((w) => w.id)).toEqual(["stays"]);
    expect(await redis.zrange(workersKey(prefix), 0, -1)).toEqual(["stays"]);
  });

  it("renews a worker's record with each heartbeat", async () => {
    const registry = new WorkerRegistry(redis, uniquePrefix());
    const first = Date.now();
    await registry.register(worker("w", first), 200);
    await sleep(120);
    const renewed = { ...worker("w", first), busy: 0, lastHeartbeat: first + 120 };
    await registry.register(renewed, 200);
    await sleep(120);
    expect(await registry.live()).toEqual([renewed]);
  });
});
