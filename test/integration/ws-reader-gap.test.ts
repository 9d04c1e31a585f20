// Subscriptions across a gap in the partition-log reader: its Redis connection is killed and kept from coming
// back while a graph runs, so the capped partition log (DAGO_LOG_STREAM_MAXLEN=100) drops entries the reader
// never read. Graph subscribers must still get the exact stored history; a tenant subscriber, whose position
// can only be replayed from the logs, is told with `cursor_expired` — or, when the logs still hold the range,
// gets it exactly.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionLogKey } from "../../internal/store/partition-logs.js";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { type HoldProxy, startHoldProxy } from "./tcp-hold-proxy.js";
import {
  type Api,
  history,
  type Message,
  startApi,
  submit,
  TERMINAL,
  TestClient,
  waitForStatus,
} from "./ws-test-client.js";

const PARTITIONS = 4;

interface Latch {
  promise: Promise<void>;
  resolve(): void;
}

function latch(): Latch {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Nodes of type "gate" wait until the test opens the gate their `gate` field names. */
function gateExecutor() {
  const gates = new Map<string, { started: Latch; open: Latch }>();
  const gate = (name: string) => {
    let g = gates.get(name);
    if (!g) {
      g = { started: latch(), open: latch() };
      gates.set(name, g);
    }
    return g;
  };
  const executor: Executor = {
    type: "gate",
    async execute(ctx: ExecutionContext) {
      const g = gate(String(ctx.node.gate));
      g.started.resolve();
      await g.open.promise;
      return null;
    },
  };
  return { executor, gate };
}

const gates = gateExecutor();
const prefix = uniquePrefix();
let proxy: HoldProxy;
let api: Api;
let redis: Redis;
const clients: TestClient[] = [];

beforeAll(async () => {
  proxy = await startHoldProxy(testRedisPort());
  redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
  api = await startApi({
    prefix,
    workers: true,
    executors: [gates.executor],
    env: {
      REDIS_ADDR: `127.0.0.1:${proxy.port}`,
      DAGO_PARTITIONS: String(PARTITIONS),
      DAGO_LOG_STREAM_MAXLEN: "100",
    },
  });
});

afterAll(async () => {
  for (const c of clients) c.socket.terminate();
  proxy?.release();
  await api?.dago.stop(0);
  await proxy?.close();
  redis?.disconnect();
});

/** A gate, then `fan` nodes released by it at once, then a join: a burst of events in one partition. */
function burstGraph(name: string, fan: number) {
  const nodes: Array<Record<string, unknown>> = [{ id: "gate", type: "gate", gate: name }];
  for (let i = 0; i < fan; i++) nodes.push({ id: `n${i}`, type: "noop", dependsOn: ["gate"] });
  nodes.push({ id: "join", type: "noop", dependsOn: nodes.slice(1).map((n) => n.id as string) });
  return { name, nodes };
}

async function connect(): Promise<TestClient> {
  const c = await TestClient.connect(api.ws);
  clients.push(c);
  return c;
}

/** Kills the reader's connection and keeps it from reconnecting until proxy.release(). */
async function cutReader(): Promise<void> {
  proxy.hold();
  const ports = proxy.upstreamPorts();
  const line = String(await redis.client("LIST"))
    .split("\n")
    .find((l) => {
      const port = Number(/\baddr=[^ ]*:(\d+)\b/.exec(l)?.[1]);
      return l.includes("name=dago:log-tail ") && ports.has(port);
    });
  const id = /\bid=(\d+)/.exec(line ?? "")?.[1];
  expect(id, "the reader's connection in CLIENT LIST").toBeDefined();
  await redis.client("KILL", "ID", id as string);
}

/** Per partition log: entries ever added to it, and how many of them it dropped. */
async function logCounts(): Promise<Array<{ added: number; dropped: number }>> {
  const counts = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const info = (await redis.xinfo("STREAM", partitionLogKey(prefix, p)).catch(() => [])) as unknown[];
    const field = (name: string) => Number(info[info.indexOf(name) + 1] ?? 0);
    const added = info.includes("entries-added") ? field("entries-added") : 0;
    counts.push({ added, dropped: added - field("length") });
  }
  return counts;
}

/**
 * Whether some partition log dropped entries added after `atCut` was counted. The reader's position is at or
 * before the last of those counted, so it never read them.
 */
async function droppedUnread(atCut: Array<{ added: number }>): Promise<boolean> {
  return (await logCounts()).some(({ dropped }, p) => dropped > (atCut[p]?.added ?? 0));
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const live = (c: TestClient, sub: string) => c.next((m) => m.type === "live" && m.sub === sub);
const ofSub = (c: TestClient, sub: string) => c.messages.filter((m: Message) => m.sub === sub);

describe("a gap in the partition-log reader", () => {
  it("graph subscribers get the exact history although the log was trimmed past the reader", async () => {
    const tenant = "gap";
    const graph = await submit(api, burstGraph("trimmed", 250), tenant);
    await gates.gate("trimmed").started.promise;
    const c = await connect();
    c.send({ op: "subscribe", sub: "all", graphs: [graph], tenant, after: "0-0" });
    c.send({ op: "subscribe", sub: "live", graphs: [graph], tenant });
    c.send({ op: "subscribe", sub: "typed", graphs: [graph], tenant, types: ["NodeCompleted"] });
    c.send({ op: "subscribe", sub: "t", scope: "tenant", tenant });
    await Promise.all(["all", "live", "typed", "t"].map((sub) => live(c, sub)));
    // The gate holds the graph: nothing is appended until it opens.
    const before = await history(api, graph, tenant);

    await cutReader();
    const atCut = await logCounts();
    gates.gate("trimmed").open.resolve();
    await waitForStatus(api, graph, TERMINAL, tenant);
    await until(() => droppedUnread(atCut), "the partition log to drop entries the reader has not read");
    proxy.release();

    const full = await history(api, graph, tenant);
    expect(full.at(-1)?.type).toBe("GraphCompleted");
    const expectedLive = full.slice(before.length);
    const completed = full.filter((e) => e.type === "NodeCompleted");
    await c.until(
      () =>
        c.events("all").length >= full.length &&
        c.events("live").length >= expectedLive.length &&
        c.events("typed").length >= completed.length &&
        c.messages.some((m) => m.type === "error" && m.sub === "t"),
    );
    c.send({ op: "ping" });
    await c.next((m) => m.type === "pong");
    expect(c.events("all")).toEqual(full);
    expect(c.events("live")).toEqual(expectedLive);
    expect(c.events("typed")).toEqual(completed);
    for (const sub of ["all", "live", "typed"]) {
      expect(
        ofSub(c, sub).filter((m) => m.type === "live"),
        sub,
      ).toHaveLength(1);
      expect(
        ofSub(c, sub).filter((m) => m.type === "error"),
        sub,
      ).toEqual([]);
    }
    const refused = ofSub(c, "t").find((m) => m.type === "error");
    expect(refused?.code).toBe("cursor_expired");
    // The tenant subscription is gone: its id is free again.
    c.send({ op: "unsubscribe", sub: "t" });
    const answer = await c.next((m) => m.sub === "t" && m.type === "error" && m.code === "unknown_sub");
    expect(answer.code).toBe("unknown_sub");
  });

  it("a tenant subscriber gets the exact events when the logs still hold the range", async () => {
    const tenant = "gap-kept";
    const graph = await submit(api, burstGraph("kept", 6), tenant);
    await gates.gate("kept").started.promise;
    const c = await connect();
    c.send({ op: "subscribe", sub: "t", scope: "tenant", tenant });
    c.send({ op: "subscribe", sub: "g", graphs: [graph], tenant, after: "0-0" });
    await Promise.all(["t", "g"].map((sub) => live(c, sub)));
    const before = await history(api, graph, tenant);

    await cutReader();
    const atCut = await logCounts();
    gates.gate("kept").open.resolve();
    await waitForStatus(api, graph, TERMINAL, tenant);
    expect(await droppedUnread(atCut)).toBe(false);
    proxy.release();

    const full = await history(api, graph, tenant);
    const expected = full.slice(before.length);
    await c.until(() => c.events("t").length >= expected.length && c.events("g").length >= full.length);
    c.send({ op: "ping" });
    await c.next((m) => m.type === "pong");
    expect(c.events("t")).toEqual(expected);
    expect(c.events("g")).toEqual(full);
    const messages = ofSub(c, "t");
    expect(messages.filter((m) => m.type === "live")).toHaveLength(1);
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
  });
});
