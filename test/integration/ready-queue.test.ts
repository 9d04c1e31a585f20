// The ready queue against the suite's redis-server: the streams it serves, entries read and reclaimed decoded,
// malformed ones dropped, a blocking read woken early, and control notices decoded.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ControlNotice } from "../../internal/store/control-notice.js";
import { controlChannel, newGraphId, readyStreamKey, routesKey } from "../../internal/store/keys.js";
import { CONSUMER_GROUP, ReadyQueue } from "../../internal/store/ready-queue.js";
import { silentLogger } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

let redis: Redis;
const opened: Redis[] = [];

const connect = () => {
  const conn = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
  opened.push(conn);
  return conn;
};

function queueOf(keyPrefix: string, consumer: string): ReadyQueue {
  return new ReadyQueue(
    { commands: connect(), blocking: connect(), subscriber: connect() },
    { keyPrefix, partitions: 2, consumer },
    silentLogger(),
  );
}

beforeAll(() => {
  redis = connect();
});

afterEach(() => {
  for (const conn of opened.splice(1)) conn.disconnect();
});

afterAll(() => {
  redis?.disconnect();
});

describe("ReadyQueue", () => {
  it("serves the default route and every route its capabilities cover, each stream with its group", async () => {
    const prefix = uniquePrefix();
    await redis.sadd(routesKey(prefix), "gpu", "gpu+web", "web");
    const queue = queueOf(prefix, "w1");
    await queue.serve(new Set(["gpu", "web"]));
    expect(queue.routes).toEqual(["gpu", "gpu+web", "web"]);
    await queue.serve(new Set(["gpu"]));
    expect(queue.routes).toEqual(["gpu"]);
    expect(queue.streams).toEqual([
      readyStreamKey(prefix, 0, ""),
      readyStreamKey(prefix, 0, "gpu"),
      readyStreamKey(prefix, 1, ""),
      readyStreamKey(prefix, 1, "gpu"),
    ]);
    for (const stream of queue.streams) {
      const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
      expect(groups.map((g) => g[1])).toEqual([CONSUMER_GROUP]);
    }
  });

  it("reads entries decoded and drops the ones no script wrote", async () => {
    const prefix = uniquePrefix();
    const queue = queueOf(prefix, "w1");
    await queue.serve(new Set());
    const stream = readyStreamKey(prefix, 1, "");
    const graphId = newGraphId(1);
    const good = await redis.xadd(stream, "*", "g", graphId, "n", "a", "a", "2", "p", "5");
    await redis.xadd(stream, "*", "g", "not-a-graph", "n", "b", "a", "1");
    const entries = await queue.read(10, 100);
    expect(entries).toEqual([{ stream, entryId: good, graphId, nodeId: "a", attempt: 2, priority: 5 }]);
    await expect.poll(() => redis.xlen(stream)).toBe(1);
    expect(await queue.read(10, 50)).toEqual([]);
  });

  it("takes over what a silent consumer read but never started", async () => {
    const prefix = uniquePrefix();
    const silent = queueOf(prefix, "silent");
    const taker = queueOf(prefix, "taker");
    await silent.serve(new Set());
    await taker.serve(new Set());
    const stream = readyStreamKey(prefix, 0, "");
    const graphId = newGraphId(0);
    const entryId = await redis.xadd(stream, "*", "g", graphId, "n", "x", "a", "1");
    expect(await silent.read(10, 100)).toHaveLength(1);
    expect(await taker.reclaim(stream, 0, 10)).toEqual([
      { stream, entryId, graphId, nodeId: "x", attempt: 1, priority: 0 },
    ]);
  });

  it("ends a blocking read early when woken", async () => {
    const queue = queueOf(uniquePrefix(), "w1");
    await queue.serve(new Set());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const began = performance.now();
    const read = queue.read(10, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.wake();
    expect(await read).toEqual([]);
    expect(performance.now() - began).toBeLessThan(5000);
  });

  it("hands on the control channel's notices decoded and ignores anything else", async () => {
    const prefix = uniquePrefix();
    const queue = queueOf(prefix, "w1");
    const notices: ControlNotice[] = [];
    await queue.listen((notice) => notices.push(notice));
    const channel = controlChannel(prefix);
    await redis.publish(channel, "not json");
    await redis.publish(channel, JSON.stringify({ kind: "abort", graphId: "g1", nodeId: 7 }));
    await redis.publish(channel, JSON.stringify({ kind: "routes" }));
    await redis.publish(channel, JSON.stringify({ kind: "abort", graphId: "g1", nodeId: "a", attempt: 2 }));
    await expect.poll(() => notices.length).toBe(2);
    expect(notices).toEqual([{ kind: "routes" }, { kind: "abort", graphId: "g1", nodeId: "a", attempt: 2 }]);
    await queue.unlisten();
  });
});
