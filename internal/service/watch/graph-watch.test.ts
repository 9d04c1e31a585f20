// The switch from replay to live, deterministically: live entries that arrive while the stored range is read
// are held, and those the replay already covered are dropped; after the reader may have missed entries, the
// same switch re-reads each graph from the last event sent.
import { describe, expect, it } from "vitest";
import { deltaMessage, eventMessage, liveMessage } from "../../contract/ws-server-message-text.js";
import type { GraphEvent } from "../../domain/events.js";
import type { GraphStreamReader } from "../../store/graph-stream-reader.js";
import { type LogEvent, parseStreamId, type StreamId } from "../../store/partition-logs.js";
import { GraphWatch } from "./graph-watch.js";
import type { Watch, WatchSink } from "./watch.js";
import type { WatchItem } from "./watch-item.js";

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
  const catchingUp: Watch[] = [];
  let held = 0;
  const s: WatchSink & { sent: typeof sent; held: () => number; catchingUp: Watch[] } = {
    sent,
    catchingUp,
    held: () => held,
    deliver: (item) => {
      sent.push(JSON.parse(asMessage("s", item)) as Record<string, unknown>);
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
    catchUpInBackground: (watch) => {
      catchingUp.push(watch);
    },
  };
  return s;
}

/** An item as the WebSocket gateway sends it. */
function asMessage(sub: string, item: WatchItem): string {
  if (item.kind === "event") return eventMessage(sub, item.json, item.cursor);
  if (item.kind === "delta") return deltaMessage(sub, item.json);
  return liveMessage(sub, item.cursor);
}

/** A stored history of `count` events (more with `stored.push`); each page read first calls `during`. */
function reader(count: number, during: () => void = () => undefined) {
  const stored = Array.from({ length: count }, (_, i) => event(i));
  const reads: string[] = [];
  const r = {
    stored,
    reads,
    page: async (_graph: string, _tenant: string, after: string, max: number) => {
      reads.push(after);
      during();
      const from = after === "0-0" ? 0 : stored.findIndex((e) => e.id === after) + 1;
      return stored.slice(from, from + max);
    },
  };
  return r as unknown as GraphStreamReader & typeof r;
}

const eventIds = (s: ReturnType<typeof sink>) =>
  s.sent.filter((m) => m.type === "event").map((m) => (m.event as GraphEvent).id);

describe("GraphWatch", () => {
  it("sends the replay, then held live entries past it, each once, then says live", async () => {
    const out = sink();
    const stored = reader(5, () => {
      sub.receive(live(4));
      sub.receive(live(5));
    });
    const sub = new GraphWatch("default", undefined, out, stored, [GRAPH], new Map([[GRAPH, "100-1"]]));
    expect(sub.state).toBe("buffering");
    // Live entries 3..6 arrive while the replay reads the stored 2..4.
    sub.receive(live(3));
    await sub.replay();
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
    const sub = new GraphWatch(
      "default",
      new Set(["NodeCompleted"]),
      out,
      reader(3),
      [GRAPH],
      new Map([[GRAPH, "0-0"]]),
    );
    await sub.replay();
    sub.goLive();
    sub.receive(live(8));
    sub.receive(live(9, "NodeCompleted"));
    expect(eventIds(out)).toEqual(["100-9"]);
  });

  it("tells the client when what it holds went over the limit", () => {
    const out = sink(200);
    const sub = new GraphWatch("default", undefined, out, reader(0), [GRAPH], new Map([[GRAPH, "0-0"]]));
    sub.receive(live(1));
    expect(out.held()).toBeLessThanOrEqual(200);
    sub.receive(live(2));
    expect(out.held()).toBeGreaterThan(200);
    sub.close();
    expect(out.held()).toBe(0);
  });

  it("catches up after missed entries from the last event sent, with no gap, no duplicate, no second live", async () => {
    const out = sink();
    const stored = reader(3);
    const sub = new GraphWatch("default", undefined, out, stored, [GRAPH], new Map());
    sub.goLive();
    sub.receive(live(1));
    // Entries 2..4 never reach the subscription (the log dropped them); 5 comes with the read after the gap.
    stored.stored.push(event(3), event(4), event(5));
    sub.missed();
    expect(sub.state).toBe("buffering");
    expect(out.catchingUp).toEqual([sub]);
    sub.receive(live(5));
    await sub.catchUp();
    sub.receive(live(5));
    sub.receive(live(6));
    expect(stored.reads).toEqual(["100-1"]);
    expect(eventIds(out)).toEqual(["100-1", "100-2", "100-3", "100-4", "100-5", "100-6"]);
    expect(out.sent.filter((m) => m.type === "live")).toHaveLength(1);
    expect(out.held()).toBe(0);
  });

  it("catches up a graph that got nothing yet from where the subscription started", async () => {
    const out = sink();
    const stored = reader(6);
    const sub = new GraphWatch(
      "default",
      undefined,
      out,
      stored,
      [GRAPH],
      new Map(),
      new Map([[GRAPH, "100-2"]]),
    );
    sub.goLive();
    sub.missed();
    await sub.catchUp();
    expect(stored.reads).toEqual(["100-2"]);
    expect(eventIds(out)).toEqual(["100-3", "100-4", "100-5"]);
  });

  it("does one more pass when entries are missed during a replay", async () => {
    const out = sink();
    let missedOnce = false;
    const stored = reader(3, () => {
      if (missedOnce) return;
      missedOnce = true;
      // The stream grows while the first pass reads it, and the reader reports a gap meanwhile.
      stored.stored.push(event(3));
      sub.missed();
    });
    const sub = new GraphWatch("default", undefined, out, stored, [GRAPH], new Map([[GRAPH, "0-0"]]));
    await sub.catchUp();
    expect(out.catchingUp).toEqual([]);
    expect(stored.reads).toEqual(["0-0", "100-3"]);
    expect(eventIds(out)).toEqual(["100-0", "100-1", "100-2", "100-3"]);
  });
});
