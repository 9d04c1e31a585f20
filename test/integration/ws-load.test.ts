// The gateway under load and at its limits: a client that stops reading is closed with 4008 while a healthy
// one keeps up and memory stays bounded; a thousand clients on one graph all get every event; shutdown says
// 1001 to everyone.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { sleepExecutor } from "../helpers/test-executors.js";
import { history, startApi, submit, TERMINAL, TestClient, useApis, waitForStatus } from "./ws-test-client.js";

const LIMIT = 256 * 1024;
const {
  apis: [api],
  client,
  publishDeltas,
} = useApis({
  executors: [sleepExecutor()],
  env: { DAGO_WS_MAX_BUFFERED_BYTES: String(LIMIT), DAGO_WS_MAX_SUBSCRIPTIONS: "4" },
});

describe("a slow client", () => {
  it("is closed with 4008 while a healthy client gets everything, and its buffer stays bounded", async () => {
    const graph = await submit(api, { name: "streaming", nodes: [{ id: "gen", type: "sleep" }] });
    const healthy = await client();
    const slow = await client();
    for (const c of [healthy, slow]) {
      c.send({ op: "subscribe", sub: "d", graphs: [graph], types: ["NodeOutputDelta"] });
      await c.next((m) => m.type === "live");
    }
    // The slow client's process stops reading its socket.
    (slow.socket as unknown as { _socket: Socket })._socket.pause();

    const text = "x".repeat(16 * 1024);
    const metrics = api.dago.metrics;
    const gateway = api.dago.ws;
    if (!gateway) throw new Error("the gateway is not running");
    let published = 0;
    let maxWaiting = 0;
    // Far more than the socket buffers of both ends and the send limit together, until the server gives up.
    while ((await metrics.wsSlowClientCloses.get()).values[0]?.value !== 1 && published < 4000) {
      const seqs = Array.from({ length: 20 }, () => published++);
      await publishDeltas(
        ...seqs.map((seq) => ({
          graphId: graph,
          tenantId: "default",
          nodeId: "gen",
          attempt: 1,
          seq,
          text,
          at: 0,
        })),
      );
      await healthy.until(() => healthy.messages.filter((m) => m.type === "delta").length === published);
      maxWaiting = Math.max(maxWaiting, gateway.stats().maxWaitingBytes);
    }
    expect((await metrics.wsSlowClientCloses.get()).values[0]?.value).toBe(1);
    // Never more than the limit plus the one message that found the buffer over it.
    expect(maxWaiting).toBeLessThanOrEqual(LIMIT + text.length + 1024);

    // The healthy client keeps receiving after the slow one is gone.
    await publishDeltas({
      graphId: graph,
      tenantId: "default",
      nodeId: "gen",
      attempt: 1,
      seq: published,
      text: "end",
      at: 0,
    });
    await healthy.next((m) => m.type === "delta" && m.delta.text === "end");
    expect(healthy.messages.filter((m) => m.type === "delta").map((m) => m.delta.seq)).toEqual(
      Array.from({ length: published + 1 }, (_, i) => i),
    );

    // Once it reads again, the slow client finds the close code after what was already on its way.
    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(4008);
    const got = slow.messages.filter((m) => m.type === "delta").length;
    expect(got).toBeLessThan(published);
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    await fetch(`${api.http}/api/v1/graphs/${graph}/cancel`, { method: "POST" });
  });
});

describe("a thousand clients", () => {
  it("all receive every event of one graph", async () => {
    const spec = {
      name: "popular",
      nodes: [
        { id: "slow", type: "sleep", ms: 400 },
        ...Array.from({ length: 8 }, (_, i) => ({ id: `n${i}`, type: "noop", dependsOn: ["slow"] })),
      ],
    };
    const graph = await submit(api, spec);
    const many: TestClient[] = [];
    for (let wave = 0; wave < 10; wave++) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => client()));
      for (const c of batch) c.send({ op: "subscribe", sub: "p", graphs: [graph], after: "0-0" });
      many.push(...batch);
    }
    expect(api.dago.ws?.stats().connections).toBeGreaterThanOrEqual(1000);
    await waitForStatus(api, graph, TERMINAL);
    const full = await history(api, graph);
    expect(full.length).toBeGreaterThan(20);
    for (const c of many) await c.until(() => c.events("p").length >= full.length, 30_000);
    for (const c of many) expect(c.events("p")).toEqual(full);
    for (const c of many) c.socket.terminate();
  });
});

describe("heartbeats and shutdown", () => {
  it("drops a connection that stops answering pings, and closes every other socket with 1001 on stop", async () => {
    const own = await startApi({
      workers: false,
      env: { DAGO_WS_HEARTBEAT_MS: "100" },
    });
    const mute = await TestClient.connect(own.ws, { autoPong: false });
    const connected = await Promise.all([1, 2, 3].map(() => TestClient.connect(own.ws)));
    expect((await mute.closed).code).toBe(1006);
    // Several ping rounds later the answering clients are all still there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(own.dago.ws?.stats().connections).toBe(3);
    connected[0]?.send({ op: "subscribe", sub: "t", scope: "tenant" });
    await connected[0]?.next((m) => m.type === "live");
    await own.dago.stop(0);
    const codes = await Promise.all(connected.map((c) => c.closed));
    expect(codes.map((c) => c.code)).toEqual([1001, 1001, 1001]);
  });
});
