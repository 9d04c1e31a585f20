// The switch from replay to live, deterministically: live entries that arrive while the stored range is read
// are held, and those the replay already covered are dropped.
import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../../domain/events.js";
import { type LogEvent, parseStreamId, type StreamId } from "../../eventlog/index.js";
import type { GraphStreamReader } from "./graph-stream-reader.js";
import { GraphSubscription } from "./graph-subscription.js";
import type { ClientSink } from "./subscription.js";

const GRAPH = "01jd0000000000000000000000-1";

function event(n: number, type: GraphEvent["type"] = "NodeReady"): GraphEvent {
  return { id: `100-${n}`, graphId: GRAPH, tenantId: "default", type, nodeId: `n${n}`, at: 100, data: {} };
}

function live(n: number, type?: GraphEvent["type"]): LogEvent {
  const e = event(n, type);
  return {
    partition: 1,
    logId: { ms: 100, seq: n },
    eventId: parseStreamId(e.id) as StreamId,
    event: e,
    complete: true,
  };
}

function sink(limit = Number.POSITIVE_INFINITY) {
  const sent: Array<Record<string, unknown>> = [];
  let held = 0;
  const s: ClientSink & { sent: typeof sent; held: () => number } = {
    sent,
    held: () => held,
    send: (text) => {
      sent.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    },
    hold: (bytes) => {
      held += bytes;
      return held <= limit;
    },
    release: (bytes) => {
      held -= bytes;
    },
    waitForRoom: async () => true,
  };
  return s;
}

/** A stored history of `count` events; each page read first lets `during` add live entries. */
function reader(count: number, during: () => void): GraphStreamReader {
  const stored = Array.from({ length: count }, (_, i) => event(i));
  return {
    page: async (_graph: string, _tenant: string, after: string, max: number) => {
      during();
      const from = after === "0-0" ? 0 : stored.findIndex((e) => e.id === after) + 1;
      return stored.slice(from, from + max);
    },
  } as unknown as GraphStreamReader;
}

const eventIds = (s: ReturnType<typeof sink>) =>
  s.sent.filter((m) => m.type === "event").map((m) => (m.event as GraphEvent).id);

describe("GraphSubscription", () => {
  it("sends the replay, then held live entries past it, each once, then says live", async () => {
    const out = sink();
    const sub = new GraphSubscription("s", "default", undefined, out, [GRAPH], new Map([[GRAPH, "100-1"]]));
    expect(sub.state).toBe("buffering");
    // Live entries 3..6 arrive while the replay reads the stored 2..4.
    sub.receive(live(3));
    await sub.replay(
      reader(5, () => {
        sub.receive(live(4));
        sub.receive(live(5));
      }),
    );
    sub.receive(live(6));
    expect(out.held()).toBeGreaterThan(0);
    sub.goLive();
    expect(out.held()).toBe(0);
    sub.receive(live(7));
    sub.receive(live(7));
    expect(eventIds(out)).toEqual(["100-2", "100-3", "100-4", "100-5", "100-6", "100-7"]);
    expect(out.sent.filter((m) => m.type === "live")).toEqual([{ type: "live", sub: "s" }]);
    expect(out.sent.findIndex((m) => m.type === "live")).toBe(5);
  });

  it("applies its type filter to the replay and to live entries", async () => {
    const out = sink();
    const sub = new GraphSubscription(
      "s",
      "default",
      new Set(["NodeCompleted"]),
      out,
      [GRAPH],
      new Map([[GRAPH, "0-0"]]),
    );
    await sub.replay(reader(3, () => undefined));
    sub.goLive();
    sub.receive(live(8));
    sub.receive(live(9, "NodeCompleted"));
    expect(eventIds(out)).toEqual(["100-9"]);
  });

  it("tells the client when what it holds went over the limit", () => {
    const out = sink(200);
    const sub = new GraphSubscription("s", "default", undefined, out, [GRAPH], new Map([[GRAPH, "0-0"]]));
    sub.receive(live(1));
    expect(out.held()).toBeLessThanOrEqual(200);
    sub.receive(live(2));
    expect(out.held()).toBeGreaterThan(200);
    sub.close();
    expect(out.held()).toBe(0);
  });
});
