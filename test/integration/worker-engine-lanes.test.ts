// A worker spreads its attempts over engines on separate Redis connections. A start travelling on one
// connection can reach Redis after a heartbeat sent on another: the worker must not call that attempt lost.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphStore, type StartOutcome } from "../../internal/store/graph-store.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";

let h: Harness;
const connections: Redis[] = [];
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
  for (const conn of connections) conn.disconnect();
});

/** An engine whose start calls wait at a gate before they go to Redis, as on a slow connection. */
class GatedStarts extends GraphStore {
  held = 0;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  release(): void {
    this.open();
  }

  override async startNode(...args: Parameters<GraphStore["startNode"]>): Promise<StartOutcome> {
    this.held++;
    await this.gate;
    return super.startNode(...args);
  }
}

function connection(): Redis {
  const conn = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
  connections.push(conn);
  return conn;
}

describe("a worker with several engine connections", () => {
  it("keeps an attempt whose start is still on its way out of its heartbeats", async () => {
    const direct = new GraphStore(connection(), h.engine.options);
    const gated = new GatedStarts(connection(), h.engine.options);
    const pool = await h.startWorker({ id: "two-lanes", poolSize: 2, engines: [direct, gated] });
    const id = await h.submit({
      name: "lanes",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "noop" },
      ],
    });
    // One node's start waits at the gate; the other runs through the direct lane.
    await h.waitFor(id, (s) => Object.values(s.nodes).some((n) => n.status === "succeeded"));
    expect(gated.held).toBe(1);
    // Two heartbeats (every lease / 3) pass while that start is held, but not a whole lease: by then another
    // worker could reclaim the entry as one a silent worker read and never started.
    await new Promise((resolve) => setTimeout(resolve, 0.75 * h.engine.options.leaseMs));
    gated.release();
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.a).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(state.nodes.b).toMatchObject({ status: "succeeded", attempt: 1 });
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "NodeRetrying")).toEqual([]);
    await pool.stop(0);
  });
});
