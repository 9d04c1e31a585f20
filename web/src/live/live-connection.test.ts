import { describe, expect, it } from "vitest";
import type { SubscriptionRequest } from "../../../internal/contract/ws-client-messages.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { LiveConnection, type SocketLike } from "./live-connection.js";
import { event } from "./test-events.js";

class FakeSocket implements SocketLike {
  readyState = 0;
  offered: string[] | undefined;
  sent: Array<Record<string, unknown>> = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

/** A connection over fake sockets and a manual clock. */
function setup(protocols?: () => string[] | undefined) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const conn = new LiveConnection("ws://x/api/v1/ws", {
    ...(protocols ? { protocols } : {}),
    createSocket: (_url, offered) => {
      const s = new FakeSocket();
      s.offered = offered;
      sockets.push(s);
      return s;
    },
    schedule: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    cancel: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    random: () => 0.5,
    heartbeatMs: 20_000,
  });
  /** Runs the pending reconnection timer (heartbeat timers stay). */
  const fireReconnect = () => {
    const i = timers.findIndex((t) => t.ms !== 20_000);
    const [t] = timers.splice(i, 1);
    t?.fn();
  };
  const fireHeartbeat = () => {
    const i = timers.findIndex((t) => t.ms === 20_000);
    const [t] = timers.splice(i, 1);
    t?.fn();
  };
  return { conn, sockets, timers, fireReconnect, fireHeartbeat };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("LiveConnection", () => {
  it("subscribes after the subscriber prepared, and resumes after a drop from a freshly prepared point", async () => {
    const { conn, sockets, fireReconnect } = setup();
    let lastId = "5-0";
    let prepares = 0;
    const received: GraphEvent[] = [];
    const statuses: string[] = [];
    conn.onStatus((s) => statuses.push(s));
    conn.subscribe({
      prepare: async (): Promise<SubscriptionRequest> => {
        prepares++;
        return { graphs: ["g1"], after: { g1: lastId } };
      },
      onEvent: (e) => {
        received.push(e);
        lastId = e.id;
      },
    });
    expect(prepares).toBe(1);
    const first = sockets[0] as FakeSocket;
    first.open();
    await settle();
    expect(first.sent).toEqual([{ op: "subscribe", sub: "s1", graphs: ["g1"], after: { g1: "5-0" } }]);

    first.receive({ type: "subscribed", sub: "s1" });
    first.receive({ type: "event", sub: "s1", event: event("6-0", "GraphPaused") });
    first.receive({ type: "event", sub: "other", event: event("6-1", "GraphResumed") });
    expect(received.map((e) => e.id)).toEqual(["6-0"]);

    lastId = "7-3"; // what a re-fetch after the drop would find
    first.drop();
    expect(conn.currentStatus).toBe("reconnecting");
    fireReconnect();
    const second = sockets[1] as FakeSocket;
    second.open();
    await settle();
    expect(prepares).toBe(2);
    expect(second.sent).toEqual([{ op: "subscribe", sub: "s2", graphs: ["g1"], after: { g1: "7-3" } }]);
    expect(statuses).toEqual(["connecting", "live", "reconnecting", "live"]);
  });

  it("does not subscribe with what was prepared for a connection that dropped meanwhile", async () => {
    const { conn, sockets, fireReconnect } = setup();
    let release: (r: SubscriptionRequest) => void = () => undefined;
    let calls = 0;
    conn.subscribe({
      prepare: () => {
        calls++;
        return calls === 1
          ? new Promise<SubscriptionRequest>((resolve) => {
              release = resolve;
            })
          : Promise.resolve({ graphs: ["g1"], after: { g1: "9-0" } });
      },
      onEvent: () => undefined,
    });
    const first = sockets[0] as FakeSocket;
    first.open();
    first.drop();
    release({ graphs: ["g1"], after: { g1: "1-0" } });
    await settle();
    expect(first.sent).toEqual([]);
    fireReconnect();
    const second = sockets[1] as FakeSocket;
    second.open();
    await settle();
    expect(second.sent).toEqual([{ op: "subscribe", sub: "s1", graphs: ["g1"], after: { g1: "9-0" } }]);
  });

  it("routes deltas, live and errors to their subscription, and unsubscribes on close", async () => {
    const { conn, sockets } = setup();
    const seen: string[] = [];
    const sub = conn.subscribe({
      prepare: async () => ({ graphs: ["g1"] }),
      onEvent: () => seen.push("event"),
      onDelta: (d) => seen.push(`delta ${d.text}`),
      onLive: () => seen.push("live"),
      onError: (code) => seen.push(`error ${code}`),
    });
    const socket = sockets[0] as FakeSocket;
    socket.open();
    await settle();
    socket.receive({ type: "live", sub: "s1" });
    socket.receive({
      type: "delta",
      sub: "s1",
      delta: { graphId: "g1", tenantId: "default", nodeId: "a", attempt: 1, seq: 0, text: "hi", at: 1 },
    });
    socket.receive({ type: "error", sub: "s1", code: "graph_not_found", message: "no" });
    socket.receive({ type: "pong" });
    sub.close();
    socket.receive({ type: "live", sub: "s1" });
    expect(seen).toEqual(["live", "delta hi", "error graph_not_found"]);
    expect(socket.sent.at(-1)).toEqual({ op: "unsubscribe", sub: "s1" });
  });

  it("pings, and drops a connection that stayed silent for a whole period", async () => {
    const { conn, sockets, fireHeartbeat } = setup();
    conn.subscribe({ prepare: async () => ({ graphs: ["g1"] }), onEvent: () => undefined });
    const socket = sockets[0] as FakeSocket;
    socket.open();
    await settle();
    fireHeartbeat();
    expect(socket.sent.at(-1)).toEqual({ op: "ping" });
    fireHeartbeat();
    expect(conn.currentStatus).toBe("reconnecting");
    expect(socket.readyState).toBe(3);
  });

  it("prepares again after a back-off when preparing failed, and not when it declined", async () => {
    const { conn, sockets, fireReconnect } = setup();
    let fail = true;
    conn.subscribe({
      prepare: async () => {
        if (fail) throw new Error("503");
        return { graphs: ["g1"] };
      },
      onEvent: () => undefined,
    });
    const declined = conn.subscribe({ prepare: async () => undefined, onEvent: () => undefined });
    const socket = sockets[0] as FakeSocket;
    socket.open();
    await settle();
    expect(socket.sent).toEqual([]);
    fail = false;
    fireReconnect();
    await settle();
    expect(socket.sent).toEqual([{ op: "subscribe", sub: "s1", graphs: ["g1"] }]);
    declined.resync();
    await settle();
    expect(socket.sent).toHaveLength(1);
  });

  it("offers the protocols of the moment, and reconnects at once when told to", async () => {
    let protocols: string[] | undefined;
    const { conn, sockets, timers } = setup(() => protocols);
    const statuses: string[] = [];
    conn.onStatus((s) => statuses.push(s));
    let prepares = 0;
    conn.subscribe({
      prepare: async () => {
        prepares++;
        return { graphs: ["g1"] };
      },
      onEvent: () => undefined,
    });
    const refused = sockets[0] as FakeSocket;
    expect(refused.offered).toBeUndefined();
    refused.drop(); // the server wants a key: the upgrade is refused
    expect(timers.filter((t) => t.ms !== 20_000)).toHaveLength(1);

    protocols = ["dago", "dago.bearer.a2V5"];
    conn.reconnect();
    // No waiting for the back-off: the new connection is opened at once, and the pending retry is dropped.
    expect(timers.filter((t) => t.ms !== 20_000)).toHaveLength(0);
    const signedIn = sockets[1] as FakeSocket;
    expect(signedIn.offered).toEqual(["dago", "dago.bearer.a2V5"]);
    signedIn.open();
    await settle();
    expect(signedIn.sent).toEqual([{ op: "subscribe", sub: "s1", graphs: ["g1"] }]);

    // An open connection is closed and replaced, and the subscriber prepares again for the new one.
    conn.reconnect();
    expect(signedIn.readyState).toBe(3);
    const third = sockets[2] as FakeSocket;
    third.open();
    await settle();
    expect(prepares).toBe(2);
    expect(third.sent).toEqual([{ op: "subscribe", sub: "s2", graphs: ["g1"] }]);
    expect(statuses).toEqual(["connecting", "reconnecting", "live", "reconnecting", "live"]);
  });
});
