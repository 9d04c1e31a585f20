// DagoLiveClient's connection handling, over sockets this test plays the server of: what it sends when it
// (re)subscribes, when the consumer falls behind or stops, and when the connection goes silent or cannot open.
// test/integration/live-client.test.ts runs it against a real server.
import { describe, expect, it } from "vitest";
import type { ClientMessage } from "../../internal/contract/ws-client-messages.js";
import type { ServerMessage } from "../../internal/contract/ws-server-messages.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import { DagoConnectionError, DagoSubscriptionError } from "./errors.js";
import { DagoLiveClient } from "./live-client.js";
import type { DagoLiveClientOptions } from "./live-types.js";
import type { WebSocketLike } from "./web-socket.js";

const OPEN = 1;

class FakeSocket {
  readyState = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  readonly sent: ClientMessage[] = [];
  closedByClient = false;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  // The server's side.
  open(): void {
    this.readyState = OPEN;
    this.onopen?.();
  }

  say(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  hangUp(): void {
    this.readyState = 3;
    this.onclose?.();
  }

  subscribes(): Array<Extract<ClientMessage, { op: "subscribe" }>> {
    return this.sent.filter((m): m is Extract<ClientMessage, { op: "subscribe" }> => m.op === "subscribe");
  }

  lastSub(): string {
    const sub = this.subscribes().at(-1)?.sub;
    if (sub === undefined) throw new Error("nothing subscribed");
    return sub;
  }
}

function setup(options: Partial<DagoLiveClientOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const client = new DagoLiveClient({
    baseUrl: "https://dago.test/base/",
    backoff: { initialMs: 1, maxMs: 5 },
    webSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols);
      sockets.push(socket);
      return socket as WebSocketLike;
    },
    ...options,
  });
  const socket = (i: number) => {
    const s = sockets[i];
    if (s === undefined) throw new Error(`no socket ${i}`);
    return s;
  };
  return { client, sockets, socket };
}

function event(id: string, type: GraphEvent["type"] = "NodeReady"): GraphEvent {
  return { id, graphId: "g1", tenantId: "default", type, at: 1, data: {} };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await tick(5);
  if (!condition()) throw new Error("condition not met");
}

describe("DagoLiveClient", () => {
  it("connects to the WebSocket path of the base URL, offering the key as a subprotocol", async () => {
    const { client, sockets, socket } = setup({ apiKey: "k" });
    const watch = client.watchGraph("g1");
    await until(() => sockets.length > 0);
    expect(socket(0).url).toBe("wss://dago.test/base/api/v1/ws");
    expect(socket(0).protocols).toEqual(["dago", "dago.bearer.aw"]);
    socket(0).open();
    expect(socket(0).subscribes()).toEqual([{ op: "subscribe", sub: "w1", graphs: ["g1"] }]);
    await watch.return();
    expect(socket(0).sent.at(-1)).toEqual({ op: "unsubscribe", sub: "w1" });
    // The last watch gone, so is the connection.
    expect(socket(0).closedByClient).toBe(true);
  });

  it("after a drop, subscribes again after the last event received and says live only once", async () => {
    const { client, sockets, socket } = setup();
    const watch = client.watchGraph("g1", { after: "0-0", types: ["NodeReady"] });
    await until(() => sockets.length > 0);
    socket(0).open();
    const first = socket(0).lastSub();
    socket(0).say({ type: "event", sub: first, event: event("1-0") });
    socket(0).say({ type: "live", sub: first });
    socket(0).say({ type: "event", sub: first, event: event("2-0") });
    socket(0).hangUp();
    await until(() => sockets.length > 1);
    socket(1).open();
    const again = socket(1).subscribes();
    expect(again).toEqual([
      { op: "subscribe", sub: "w2", graphs: ["g1"], types: ["NodeReady"], after: "2-0" },
    ]);
    // A repeated event (a replay overlapping what came before) is not yielded twice.
    socket(1).say({ type: "event", sub: "w2", event: event("2-0") });
    socket(1).say({ type: "event", sub: "w2", event: event("3-0", "GraphCompleted") });
    socket(1).say({ type: "live", sub: "w2" });
    socket(1).say({ type: "event", sub: "w1", event: event("9-0") });
    const kinds: string[] = [];
    for await (const item of watch) {
      kinds.push(item.kind === "event" ? item.event.id : item.kind);
      if (item.kind === "event" && item.event.type === "GraphCompleted") break;
    }
    expect(kinds).toEqual(["1-0", "live", "2-0", "3-0"]);
  });

  it("a tenant watch resumes from the last cursor, and cursor_expired ends it with a typed error", async () => {
    const { client, sockets, socket } = setup({ tenantId: "acme" });
    const watch = client.watchTenant({ types: ["GraphCompleted"] });
    await until(() => sockets.length > 0);
    socket(0).open();
    expect(socket(0).subscribes()[0]).toEqual({
      op: "subscribe",
      sub: "w1",
      scope: "tenant",
      tenant: "acme",
      types: ["GraphCompleted"],
    });
    socket(0).say({ type: "live", sub: "w1", cursor: "100" });
    socket(0).say({ type: "event", sub: "w1", event: event("5-0", "GraphCompleted"), cursor: "105.2-0" });
    socket(0).hangUp();
    await until(() => sockets.length > 1);
    socket(1).open();
    expect(socket(1).subscribes()[0]).toMatchObject({ scope: "tenant", after: "105.2-0" });
    socket(1).say({ type: "error", sub: "w2", code: "cursor_expired", message: "trimmed" });
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of watch) items.push(item);
    })().catch((err: unknown) => err);
    expect(items).toEqual([
      { kind: "live", cursor: "100" },
      { kind: "event", event: event("5-0", "GraphCompleted"), cursor: "105.2-0" },
    ]);
    expect(error).toBeInstanceOf(DagoSubscriptionError);
    expect(error).toMatchObject({ code: "cursor_expired", message: "trimmed" });
  });

  it("subscribes again after a transient refusal (internal), from where it was", async () => {
    const { client, sockets, socket } = setup();
    const watch = client.watchGraph("g1", { after: "0-0" });
    await until(() => sockets.length > 0);
    socket(0).open();
    socket(0).say({ type: "event", sub: "w1", event: event("4-0") });
    socket(0).say({ type: "error", sub: "w1", code: "internal", message: "redis away" });
    await until(() => socket(0).subscribes().length === 2);
    expect(socket(0).subscribes()[1]).toEqual({ op: "subscribe", sub: "w2", graphs: ["g1"], after: "4-0" });
    await watch.return();
  });

  it("drops a connection that stays silent for a heartbeat period, after pinging it", async () => {
    const { client, sockets, socket } = setup({ heartbeatMs: 20 });
    const watch = client.watchGraph("g1", { after: "0-0" });
    await until(() => sockets.length > 0);
    socket(0).open();
    await until(() => socket(0).sent.some((m) => m.op === "ping"));
    await until(() => sockets.length > 1);
    expect(socket(0).closedByClient).toBe(true);
    await watch.return();
  });

  it("unsubscribes a consumer that falls behind and resumes after the last item once it caught up", async () => {
    const { client, sockets, socket } = setup({ maxWaitingItems: 4 });
    const watch = client.watchGraph("g1", { after: "0-0" });
    await until(() => sockets.length > 0);
    socket(0).open();
    for (let i = 1; i <= 6; i++) socket(0).say({ type: "event", sub: "w1", event: event(`${i}-0`) });
    // The fifth and sixth came after the unsubscribe: they are not taken.
    expect(socket(0).sent.at(-1)).toEqual({ op: "unsubscribe", sub: "w1" });
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await watch.next();
      if (!next.done && next.value.kind === "event") seen.push(next.value.event.id);
    }
    expect(socket(0).subscribes()).toHaveLength(2);
    expect(socket(0).subscribes()[1]).toMatchObject({ sub: "w2", after: "4-0" });
    expect(seen).toEqual(["1-0", "2-0"]);
    await watch.return();
  });

  it("ends every watch with DagoConnectionError after maxConnectFailures failed connections", async () => {
    const { client, sockets, socket } = setup({ maxConnectFailures: 2 });
    const watch = client.watchGraph("g1");
    await until(() => sockets.length > 0);
    socket(0).hangUp();
    await until(() => sockets.length > 1);
    socket(1).hangUp();
    const error = await watch.next().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DagoConnectionError);
  });

  it("ends with a typed error on a refusal, and with the signal's reason on an abort", async () => {
    const { client, sockets, socket } = setup();
    const controller = new AbortController();
    const refused = client.watchGraph("g1");
    const aborted = client.watchGraph("g2", { signal: controller.signal });
    await until(() => sockets.length > 0);
    socket(0).open();
    socket(0).say({ type: "error", sub: "w1", code: "graph_not_found", message: "no graph g1" });
    await expect(refused.next()).rejects.toMatchObject({
      name: "DagoSubscriptionError",
      code: "graph_not_found",
    });
    controller.abort(new Error("stop"));
    await expect(aborted.next()).rejects.toThrow("stop");
    expect(socket(0).sent.at(-1)).toEqual({ op: "unsubscribe", sub: "w2" });
    expect(await aborted.next()).toEqual({ value: undefined, done: true });
  });

  it("close() ends every watch and refuses new ones", async () => {
    const { client, sockets } = setup();
    const watch = client.watchGraph("g1");
    await until(() => sockets.length > 0);
    client.close();
    expect(await watch.next()).toEqual({ value: undefined, done: true });
    expect(() => client.watchGraph("g1")).toThrow(TypeError);
  });
});
