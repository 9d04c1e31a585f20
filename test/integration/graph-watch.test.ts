// Watching graphs through the application core (GraphWatcher over the partition-log reader), against real Redis
// and real workers: every event exactly once and in order, whenever the watch starts, whatever the reader goes
// through, and for many watchers on one connection; the reader pauses when nobody watches.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { DagoError } from "../../internal/errors/index.js";
import { GraphWatcher } from "../../internal/service/index.js";
import { PartitionLogReader } from "../../internal/store/partition-logs.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { sleepExecutor } from "../helpers/test-executors.js";
import { testWatchCore } from "../helpers/watch-core.js";

let h: Harness;
let blocking: Redis;
let log: PartitionLogReader;
let watcher: GraphWatcher;
const TAIL_NAME = `log-tail-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [sleepExecutor()], poolSize: 4 });
  blocking = new Redis({
    port: testRedisPort(),
    host: "127.0.0.1",
    maxRetriesPerRequest: null,
    connectionName: TAIL_NAME,
  });
  log = new PartitionLogReader(
    blocking,
    h.redis,
    { keyPrefix: h.keyPrefix, partitions: h.engine.options.partitions, blockMs: 300, retryMs: 50 },
    h.logger,
  );
  // A small page, so reading the stored history takes several pages.
  watcher = new GraphWatcher(testWatchCore(h.redis, h.keyPrefix, h.engine.options.partitions, log, 7));
});

afterAll(async () => {
  await log.stop();
  await h.close();
});

/** A chain of slow nodes with a fan-out at each step: many events, spread over a few hundred milliseconds. */
function busyGraph(name: string, steps = 8) {
  const nodes: Array<Record<string, unknown>> = [];
  for (let i = 0; i < steps; i++) {
    const dependsOn = i === 0 ? [] : [`s${i - 1}`];
    nodes.push({ id: `s${i}`, type: "sleep", ms: 15, dependsOn });
    nodes.push({ id: `f${i}`, type: "noop", dependsOn });
  }
  return { name, nodes };
}

async function collect(
  graphId: string,
  options: { after?: string; signal?: AbortSignal; tenantId?: string; slow?: boolean } = {},
): Promise<GraphEvent[]> {
  const seen: GraphEvent[] = [];
  const { tenantId = "default", slow, ...rest } = options;
  for await (const event of watcher.watch(tenantId, graphId, rest)) {
    seen.push(event);
    if (slow) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return seen;
}

async function waitUntil(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GraphWatcher", () => {
  it("delivers the whole history exactly once, whether the watch starts before, during or after the run", async () => {
    const id = await h.submit(busyGraph("watched"));
    const fromStart = collect(id);
    await waitUntil(async () => (await h.events(id)).length >= 12, "the run to be under way");
    const midRun = collect(id);
    const resumeAt = (await h.events(id))[9]?.id as string;
    const resumed = collect(id, { after: resumeAt });
    const slowReader = collect(id, { slow: true });

    const [a, b, c, d] = await Promise.all([fromStart, midRun, resumed, slowReader]);
    const history = await h.events(id);
    expect(history.at(-1)?.type).toBe("GraphCompleted");
    expect(a).toEqual(history);
    expect(b).toEqual(history);
    expect(c).toEqual(history.slice(10));
    expect(d).toEqual(history);
    // Afterwards: the whole history again, and nothing at all after its last event.
    expect(await collect(id)).toEqual(history);
    expect(await collect(id, { after: history.at(-1)?.id as string })).toEqual([]);
    expect(watcher.watching).toBe(0);
    expect(log.listeners).toBe(0);
    // Nobody listens: the reader stops reading until the next watch.
    await waitUntil(() => !log.reading, "the reader to pause");
    expect(await collect(id)).toEqual(history);
  });

  it("keeps a subscriber that falls behind exact by re-reading the stream", async () => {
    const lagging = new GraphWatcher(
      testWatchCore(h.redis, h.keyPrefix, h.engine.options.partitions, log, 5),
      {
        maxBuffered: 2,
      },
    );
    // A quiet start (the stored history is read quickly), then a burst of live events far above the buffer.
    const burst = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, type: "noop", dependsOn: ["gate"] }));
    const id = await h.submit({ name: "lagging", nodes: [{ id: "gate", type: "sleep", ms: 150 }, ...burst] });
    const seen: GraphEvent[] = [];
    for await (const event of lagging.watch("default", id)) {
      seen.push(event);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seen).toEqual(await h.events(id));
  });

  it("recovers every event when its Redis connection is killed mid-run", async () => {
    const id = await h.submit(busyGraph("interrupted", 10));
    const watching = collect(id);
    await waitUntil(async () => (await h.events(id)).length >= 10, "the run to be under way");
    const clients = String(await h.redis.client("LIST")).split("\n");
    const tail = clients.find((line) => line.includes(`name=${TAIL_NAME}`));
    const clientId = /\bid=(\d+)/.exec(tail ?? "")?.[1];
    expect(clientId).toBeDefined();
    await h.redis.client("KILL", "ID", clientId as string);
    const seen = await watching;
    expect(seen).toEqual(await h.events(id));
    expect(seen.at(-1)?.type).toBe("GraphCompleted");
  });

  it("serves 100 watchers of one graph through one Redis connection", async () => {
    const id = await h.submit({ name: "crowd", nodes: [{ id: "held", type: "noop", requires: ["nobody"] }] });
    const before = String(await h.redis.client("LIST")).split("\n").length;
    const watches = Array.from({ length: 100 }, () => {
      const seen: GraphEvent[] = [];
      const done = (async () => {
        for await (const event of watcher.watch("default", id)) seen.push(event);
        return seen;
      })();
      return { seen, done };
    });
    await waitUntil(
      () => watches.every((w) => w.seen.length === 3),
      "every watcher to have the stored events",
    );
    expect(watcher.watching).toBe(100);
    const during = String(await h.redis.client("LIST")).split("\n").length;
    expect(during).toBe(before);

    await h.service.cancel("default", id);
    const results = await Promise.all(watches.map((w) => w.done));
    const history = await h.events(id);
    for (const result of results) expect(result).toEqual(history);
    expect(history.at(-1)?.type).toBe("GraphCancelled");
    expect(watcher.watching).toBe(0);
  });

  it("stops when its signal aborts, and refuses what it cannot watch", async () => {
    const id = await h.submit({
      name: "aborted",
      nodes: [{ id: "held", type: "noop", requires: ["nobody"] }],
    });
    const controller = new AbortController();
    const watching = collect(id, { signal: controller.signal });
    await waitUntil(() => watcher.watching === 1, "the watch to subscribe");
    controller.abort();
    expect((await watching).map((e) => e.type)).toEqual(["GraphSubmitted", "GraphStarted", "NodeReady"]);
    expect(watcher.watching).toBe(0);

    await expect(collect(id, { tenantId: "someone-else" })).rejects.toMatchObject({ code: "not_found" });
    await expect(collect("nope")).rejects.toBeInstanceOf(DagoError);
    await expect(collect(id, { after: "later" })).rejects.toMatchObject({ code: "invalid_request" });
    expect(watcher.watching).toBe(0);
  });
});
