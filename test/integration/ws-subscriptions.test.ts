// The WebSocket gateway end to end: a real dago API process (HTTP + gateway + workers) on loopback, real ws
// clients. Filters, tenant scope and isolation, deltas, unsubscribe, and an error for every malformed message.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { OutputDelta } from "../../internal/contract/output-delta.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import { DagoGrpcClient } from "../../pkg/grpc-client.js";
import { sleepExecutor } from "../helpers/test-executors.js";
import { history, startApi, submit, TERMINAL, useApis, waitForStatus } from "./ws-test-client.js";

const {
  apis: [api],
  client,
  publishDeltas,
} = useApis({
  executors: [sleepExecutor()],
  env: { DAGO_WS_MAX_SUBSCRIPTIONS: "4", DAGO_WS_MAX_GRAPHS: "3", DAGO_WS_MAX_PAYLOAD_BYTES: "2048" },
});

const chain = (name: string, ms = 0) => ({
  name,
  nodes: [
    { id: "a", type: ms ? "sleep" : "noop", ...(ms ? { ms } : {}) },
    { id: "b", type: ms ? "sleep" : "noop", dependsOn: ["a"], ...(ms ? { ms } : {}) },
    { id: "c", type: "noop", dependsOn: ["b"] },
  ],
});
const forever = { name: "forever", nodes: [{ id: "wait", type: "sleep" }] };

describe("subscriptions", () => {
  it("replays a finished graph from the start with a type filter, then says live", async () => {
    const id = await submit(api, chain("filtered"));
    await waitForStatus(api, id, TERMINAL);
    const c = await client();
    c.send({
      op: "subscribe",
      sub: "f",
      graphs: [id],
      types: ["NodeCompleted", "GraphCompleted"],
      after: "0-0",
    });
    await c.next((m) => m.type === "live" && m.sub === "f");
    const stored = await history(api, id);
    const wanted = stored.filter((e) => e.type === "NodeCompleted" || e.type === "GraphCompleted");
    expect(c.events("f")).toEqual(wanted);
    expect(wanted.map((e) => e.type)).toEqual([
      "NodeCompleted",
      "NodeCompleted",
      "NodeCompleted",
      "GraphCompleted",
    ]);
    expect(c.messages[0]).toEqual({ type: "subscribed", sub: "f" });
  });

  it("follows several graphs live, and only those", async () => {
    const one = await submit(api, chain("one", 150));
    const two = await submit(api, chain("two", 150));
    const other = await submit(api, chain("other", 150));
    const c = await client();
    c.send({ op: "subscribe", sub: "two-graphs", graphs: [one, two] });
    await c.next((m) => m.type === "live");
    for (const id of [one, two]) {
      await c.next((m) => m.type === "event" && m.event.graphId === id && m.event.type === "GraphCompleted");
    }
    await waitForStatus(api, other, TERMINAL);
    const received = c.events("two-graphs");
    expect(received.some((e) => e.graphId === other)).toBe(false);
    for (const id of [one, two]) {
      // Live from the moment of subscribing: a gap-free suffix of the stored history.
      const stored = await history(api, id);
      const mine = received.filter((e) => e.graphId === id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine).toEqual(stored.slice(stored.length - mine.length));
    }
  });

  it("delivers every graph of a tenant, with full GraphSubmitted data, and nothing of other tenants", async () => {
    const c = await client();
    c.send({ op: "subscribe", sub: "acme", scope: "tenant", tenant: "acme" });
    const live = await c.next((m) => m.type === "live" && m.sub === "acme");
    expect(typeof live.cursor).toBe("string");
    const mine = await submit(api, chain("acme-graph"), "acme");
    const foreign = await submit(api, chain("default-graph"));
    await c.next((m) => m.type === "event" && m.event.graphId === mine && m.event.type === "GraphCompleted");
    await waitForStatus(api, foreign, TERMINAL);
    const events = c.events("acme");
    expect(events.every((e) => e.tenantId === "acme")).toBe(true);
    expect(events).toEqual(await history(api, mine, "acme"));
    expect(events[0]?.type).toBe("GraphSubmitted");
    expect(events[0]?.data.nodes).toHaveLength(3);
    expect(c.messages.filter((m) => m.type === "event").every((m) => typeof m.cursor === "string")).toBe(
      true,
    );

    // A tenant-B graph is invisible to a tenant-A subscription, and the other way round.
    c.send({ op: "subscribe", sub: "x1", graphs: [foreign], tenant: "acme" });
    c.send({ op: "subscribe", sub: "x2", graphs: [mine] });
    const e1 = await c.next((m) => m.type === "error" && m.sub === "x1");
    const e2 = await c.next((m) => m.type === "error" && m.sub === "x2");
    expect(e1.code).toBe("graph_not_found");
    expect(e2.code).toBe("graph_not_found");
    expect(e1.message).toContain(foreign);
  });

  it("relays output deltas to the subscribers of that graph only", async () => {
    const graph = await submit(api, forever);
    const elsewhere = await submit(api, forever);
    const c = await client();
    c.send({ op: "subscribe", sub: "all", graphs: [graph] });
    c.send({ op: "subscribe", sub: "deltas", graphs: [graph], types: ["NodeOutputDelta"] });
    c.send({ op: "subscribe", sub: "done-only", graphs: [graph], types: ["NodeCompleted"] });
    c.send({ op: "subscribe", sub: "other", graphs: [elsewhere] });
    await c.until(() => c.messages.filter((m) => m.type === "live").length === 4);
    const t = await client();
    t.send({ op: "subscribe", sub: "tenant-all", scope: "tenant" });
    t.send({ op: "subscribe", sub: "tenant-deltas", scope: "tenant", types: ["NodeOutputDelta"] });
    await t.until(() => t.messages.filter((m) => m.type === "live").length === 2);

    const delta: OutputDelta = {
      graphId: graph,
      tenantId: "default",
      nodeId: "wait",
      attempt: 1,
      seq: 0,
      text: "Hello",
      at: Date.now(),
    };
    await publishDeltas(delta, { ...delta, seq: 1, text: " world" });
    await c.until(() => c.messages.filter((m) => m.type === "delta" && m.sub === "deltas").length === 2);
    await c.until(() => c.messages.filter((m) => m.type === "delta" && m.sub === "all").length === 2);
    await t.until(() => t.messages.filter((m) => m.type === "delta").length === 2);
    expect(c.messages.find((m) => m.type === "delta" && m.sub === "all")).toEqual({
      type: "delta",
      sub: "all",
      delta,
    });
    // A ping round trip after the deltas proves nothing else is on its way.
    c.send({ op: "ping" });
    t.send({ op: "ping" });
    await c.next((m) => m.type === "pong");
    await t.next((m) => m.type === "pong");
    expect(
      c.messages.filter((m) => m.type === "delta" && (m.sub === "other" || m.sub === "done-only")),
    ).toEqual([]);
    expect(t.messages.filter((m) => m.type === "delta").map((m) => m.sub)).toEqual([
      "tenant-deltas",
      "tenant-deltas",
    ]);
    await fetch(`${api.http}/api/v1/graphs/${graph}/cancel`, { method: "POST" });
    await fetch(`${api.http}/api/v1/graphs/${elsewhere}/cancel`, { method: "POST" });
  });

  it("stops sending after unsubscribe", async () => {
    const graph = await submit(api, forever);
    const c = await client();
    c.send({ op: "subscribe", sub: "keep", graphs: [graph] });
    c.send({ op: "subscribe", sub: "drop", graphs: [graph] });
    await c.until(() => c.messages.filter((m) => m.type === "live").length === 2);
    c.send({ op: "unsubscribe", sub: "drop" });
    const gone = await c.next((m) => m.type === "unsubscribed" && m.sub === "drop");
    await fetch(`${api.http}/api/v1/graphs/${graph}/cancel`, { method: "POST" });
    await c.next((m) => m.sub === "keep" && m.event?.type === "GraphCancelled");
    const afterUnsubscribe = c.messages.slice(c.messages.indexOf(gone));
    expect(afterUnsubscribe.filter((m) => m.sub === "drop").map((m) => m.type)).toEqual(["unsubscribed"]);
    // The id is free again.
    const from = c.messages.length;
    c.send({ op: "subscribe", sub: "drop", graphs: [graph], after: "0-0" });
    await c.next((m) => m.type === "live" && m.sub === "drop", from);
    const replayed = c.messages.slice(from).filter((m) => m.type === "event" && m.sub === "drop");
    expect(replayed.map((m) => m.event)).toEqual(await history(api, graph));
  });
});

describe("the partition-log reader", () => {
  it("is one per process, serving WebSocket subscriptions and gRPC watches, and pauses when nobody listens", async () => {
    const own = await startApi({ executors: [sleepExecutor()] });
    const grpc = new DagoGrpcClient({ address: `127.0.0.1:${own.dago.grpcPort}` });
    try {
      const log = own.dago.logReader;
      if (!log) throw new Error("the API process has no partition-log reader");
      expect(log.reading).toBe(false);
      // Never started (no worker offers "nobody"): three events, then two more on cancel.
      const graph = await submit(own, {
        name: "held",
        nodes: [{ id: "held", type: "noop", requires: ["nobody"] }],
      });
      const c = await client(own);
      c.send({ op: "subscribe", sub: "g", graphs: [graph] });
      c.send({ op: "subscribe", sub: "t", scope: "tenant" });
      await c.until(() => c.messages.filter((m) => m.type === "live").length === 2);
      const watched: GraphEvent[] = [];
      const watching = (async () => {
        for await (const event of grpc.watch(graph)) watched.push(event);
      })();
      // Awaited below; a failure before that must not surface as an unhandled rejection.
      watching.catch(() => undefined);
      await c.until(() => log.listeners === 3 && watched.length === 3);
      expect(log.reading).toBe(true);

      await fetch(`${own.http}/api/v1/graphs/${graph}/cancel`, { method: "POST" });
      await watching;
      await c.next((m) => m.type === "event" && m.sub === "t" && m.event.type === "GraphCancelled");
      const stored = await history(own, graph);
      expect(watched).toEqual(stored);
      const live = stored.filter((e) => !["GraphSubmitted", "GraphStarted", "NodeReady"].includes(e.type));
      expect(c.events("g")).toEqual(live);
      expect(c.events("t")).toEqual(live);

      c.send({ op: "unsubscribe", sub: "g" });
      c.send({ op: "unsubscribe", sub: "t" });
      await c.until(() => log.listeners === 0 && !log.reading);
      // Started again on demand, from where the logs end now.
      c.send({ op: "subscribe", sub: "again", scope: "tenant" });
      await c.next((m) => m.type === "live" && m.sub === "again");
      const next = await submit(own, { name: "after-pause", nodes: [{ id: "a", type: "noop" }] });
      await waitForStatus(own, next, TERMINAL);
      await c.next((m) => m.sub === "again" && m.type === "event" && m.event.type === "GraphCompleted");
      expect(c.events("again")).toEqual(await history(own, next));
    } finally {
      grpc.close();
      await own.dago.stop(0);
    }
  });
});

describe("malformed and refused messages", () => {
  it("answers each with an error code and keeps the connection up", async () => {
    const graph = await submit(api, forever);
    const c = await client();
    const G = "01jd0000000000000000000000-1";
    const cases: Array<[unknown, string]> = [
      ["not json", "invalid_json"],
      [[1, 2], "invalid_json"],
      [{ op: "explode" }, "unknown_op"],
      [{ op: "subscribe", sub: "", graphs: [graph] }, "invalid_sub"],
      [{ op: "subscribe", sub: "s", graphs: ["../etc"] }, "invalid_graph_id"],
      [{ op: "subscribe", sub: "s", graphs: [graph], types: ["NodeExploded"] }, "invalid_event_type"],
      [{ op: "subscribe", sub: "s", graphs: [graph, G, `${G}1`, `${G}2`] }, "too_many_graphs"],
      [{ op: "subscribe", sub: "s", graphs: [graph], tenant: "bad tenant" }, "invalid_tenant"],
      [{ op: "subscribe", sub: "s", graphs: [graph], after: "later" }, "invalid_after"],
      [{ op: "subscribe", sub: "s", scope: "tenant", after: "not-a-cursor" }, "invalid_after"],
      [{ op: "subscribe", sub: "s", scope: "everything" }, "invalid_scope"],
      [{ op: "subscribe", sub: "s", graphs: [G] }, "graph_not_found"],
      [{ op: "subscribe", sub: "s", graphs: [graph], filter: "x" }, "invalid_message"],
      [{ op: "unsubscribe", sub: "nobody" }, "unknown_sub"],
    ];
    for (const [message, code] of cases) {
      const from = c.messages.length;
      c.send(message);
      const answer = await c.next((m) => m.type === "error", from);
      expect(answer.code, JSON.stringify(message)).toBe(code);
      expect(answer.message.length).toBeGreaterThan(5);
    }
    let from = c.messages.length;
    c.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next((m) => m.type === "error", from)).code).toBe("binary_frame");

    for (let i = 0; i < 4; i++) c.send({ op: "subscribe", sub: `s${i}`, graphs: [graph] });
    c.send({ op: "subscribe", sub: "s0", scope: "tenant" });
    c.send({ op: "subscribe", sub: "s9", graphs: [graph] });
    await c.next((m) => m.type === "error" && m.sub === "s9");
    expect(c.messages.find((m) => m.type === "error" && m.sub === "s0")?.code).toBe("duplicate_sub");
    expect(c.messages.find((m) => m.type === "error" && m.sub === "s9")?.code).toBe("too_many_subscriptions");

    from = c.messages.length;
    c.send({ op: "ping" });
    expect(await c.next((m) => m.type === "pong", from)).toEqual({ type: "pong" });
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    await fetch(`${api.http}/api/v1/graphs/${graph}/cancel`, { method: "POST" });
  });

  it("closes with 1009 on a frame over the payload limit", async () => {
    const c = await client();
    c.send({ op: "ping", pad: "x".repeat(4096) });
    expect((await c.closed).code).toBe(1009);
  });

  it("refuses upgrades on other paths with 404", async () => {
    const socket = new WebSocket(api.ws.replace("/api/v1/ws", "/api/v1/other"));
    const failure = await new Promise<Error>((resolve) => socket.once("error", resolve));
    expect(failure.message).toContain("404");
  });
});
