// A completion starts the dependents it makes ready on the completing worker, in its own atomic step, as far as
// that worker has free slots and serves the dependents' routes; the rest go through the ready streams.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { compareStreamIdTexts } from "../../internal/domain/stream-id.js";
import { readyStreamKey } from "../../internal/store/keys.js";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { sleepExecutor } from "../helpers/test-executors.js";

/** The harness's partition count. */
const PARTITIONS = 4;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

/** Sleeps a little and records how many of its attempts ran at once, at most. */
function concurrencyProbe(type: string): Executor & { peak: () => number } {
  let now = 0;
  let peak = 0;
  return {
    type,
    peak: () => peak,
    async execute(_ctx: ExecutionContext) {
      now++;
      peak = Math.max(peak, now);
      await new Promise((resolve) => setTimeout(resolve, 30));
      now--;
      return null;
    },
  };
}

/**
 * The nodes started in the same step as the completion at `index`: in the NodeReady and NodeStarted events that
 * follow a NodeCompleted, a NodeReady directly followed by the same node's NodeStarted.
 */
function startedInCompletion(events: GraphEvent[], index: number): string[] {
  const ids: string[] = [];
  for (let i = index + 1; i < events.length; i++) {
    const event = events[i] as GraphEvent;
    if (event.type !== "NodeReady" && event.type !== "NodeStarted") break;
    const next = events[i + 1];
    if (event.type === "NodeReady" && next?.type === "NodeStarted" && next.nodeId === event.nodeId) {
      ids.push(event.nodeId as string);
    }
  }
  return ids;
}

/** Entries ever added to this harness's ready streams (XINFO STREAM entries-added) on the given routes. */
async function readyEntriesAdded(routes: string[]): Promise<number> {
  let added = 0;
  for (let p = 0; p < PARTITIONS; p++) {
    for (const route of routes) {
      const info = (await h.redis
        .xinfo("STREAM", readyStreamKey(h.keyPrefix, p, route))
        .catch(() => [])) as Array<string | number>;
      const at = info.indexOf("entries-added");
      if (at >= 0) added += Number(info[at + 1]);
    }
  }
  return added;
}

describe("hand-off of ready dependents to the completing worker", () => {
  it("starts as many as the worker has free slots, never more than its pool, and queues the rest", async () => {
    const probe = concurrencyProbe("probe");
    const pool = await h.startWorker({ id: "three-slots", poolSize: 3, executors: [probe] });
    // A first graph of the type, so the worker serves its route before the measured one starts.
    await h.waitForEnd(await h.submit({ name: "warm-up", nodes: [{ id: "p", type: "probe" }] }));
    const routes = ["", "type:probe"];
    const before = await readyEntriesAdded(routes);
    const width = 8;
    const id = await h.submit({
      name: "fan-out",
      nodes: [
        { id: "root", type: "noop" },
        ...Array.from({ length: width }, (_, i) => ({ id: `c${i}`, type: "probe", dependsOn: ["root"] })),
        { id: "join", type: "noop", dependsOn: Array.from({ length: width }, (_, i) => `c${i}`) },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const events = await h.events(id);
    const rootDone = events.findIndex((e) => e.type === "NodeCompleted" && e.nodeId === "root");
    // The root's own slot and the two free ones: three children start in the root's completion.
    expect(startedInCompletion(events, rootDone)).toEqual(["c0", "c1", "c2"]);
    expect(events[rootDone + 2]?.data).toEqual({ worker: "three-slots" });
    // The root and the five other children went through a ready stream; the join started in the last child's
    // completion, in the slot that child gave back.
    expect((await readyEntriesAdded(routes)) - before).toBe(1 + width - 3);
    const lastChildDone = events.findLastIndex((e) => e.type === "NodeCompleted" && e.nodeId !== "join");
    expect(startedInCompletion(events, lastChildDone)).toEqual(["join"]);
    expect(probe.peak()).toBeLessThanOrEqual(3);
    expect(pool.busy).toBe(0);
    for (const node of Object.values(state.nodes))
      expect(node).toMatchObject({ status: "succeeded", attempt: 1 });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
    await pool.stop(0);
  });

  it("runs a whole chain on the worker that started it, one step per completion", async () => {
    const pool = await h.startWorker({ id: "chain-runner", poolSize: 2 });
    const length = 20;
    const before = await readyEntriesAdded([""]);
    const id = await h.submit({
      name: "chain",
      nodes: Array.from({ length }, (_, i) => ({
        id: `s${i}`,
        type: "noop",
        ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
      })),
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const events = await h.events(id);
    // Every step after the first started in its predecessor's completion; only the first used a ready stream.
    for (let i = 1; i < length; i++) {
      const done = events.findIndex((e) => e.type === "NodeCompleted" && e.nodeId === `s${i - 1}`);
      expect(startedInCompletion(events, done)).toEqual([`s${i}`]);
    }
    expect((await readyEntriesAdded([""])) - before).toBe(1);
    for (const node of Object.values(state.nodes)) expect(node.worker).toBe("chain-runner");
    await pool.stop(0);
  });

  it("lets a long chain keep a full pool's slot only for a while, so another graph's root gets its turn", async () => {
    const pool = await h.startWorker({
      id: "one-slot",
      poolSize: 1,
      handoffRunMs: 100,
      executors: [sleepExecutor()],
    });
    const length = 40;
    const chain = await h.submit({
      name: "long-chain",
      nodes: Array.from({ length }, (_, i) => ({
        id: `s${i}`,
        type: "sleep",
        ms: 20,
        ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
      })),
    });
    await h.waitFor(chain, (s) => s.nodes.s1?.status === "running" || s.nodes.s1?.status === "succeeded");
    const other = await h.submit({ name: "waiting", nodes: [{ id: "root", type: "noop" }] });
    const [chainState, otherState] = [await h.waitForEnd(chain), await h.waitForEnd(other)];
    expect(chainState.status).toBe("succeeded");
    expect(otherState.status).toBe("succeeded");
    // The other graph's root ran between two steps of the chain, not after its last one.
    const lastStep = (await h.events(chain)).findLast((e) => e.type === "NodeCompleted");
    const rootStarted = (await h.events(other)).find((e) => e.type === "NodeStarted");
    expect(compareStreamIdTexts(rootStarted?.id as string, lastStep?.id as string)).toBeLessThan(0);
    // Within the window, steps still passed straight on.
    const events = await h.events(chain);
    const done = events.findIndex((e) => e.type === "NodeCompleted" && e.nodeId === "s0");
    expect(startedInCompletion(events, done)).toEqual(["s1"]);
    await pool.stop(0);
  });

  it("hands a dependent only to a worker that serves its route", async () => {
    const named = (type: string, worker: string): Executor => ({
      type,
      execute: async () => ({ ranOn: worker }),
    });
    const cpu = await h.startWorker({
      id: "cpu-box",
      capabilities: ["cpu"],
      executors: [named("custom", "cpu-box")],
    });
    const gpu = await h.startWorker({ id: "gpu-box", capabilities: ["gpu"] });
    const routes = ["", "cpu", "gpu", "type:custom"];
    const before = await readyEntriesAdded(routes);
    const id = await h.submit({
      name: "routes",
      nodes: [
        { id: "root", type: "noop", requires: ["cpu"] },
        { id: "plain", type: "noop", dependsOn: ["root"] },
        { id: "on-gpu", type: "noop", requires: ["gpu"], dependsOn: ["root"] },
        { id: "custom", type: "custom", dependsOn: ["root"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.root?.worker).toBe("cpu-box");
    expect(state.nodes["on-gpu"]?.worker).toBe("gpu-box");
    expect(state.nodes.custom).toMatchObject({ worker: "cpu-box", output: { ranOn: "cpu-box" } });
    const events = await h.events(id);
    const rootDone = events.findIndex((e) => e.type === "NodeCompleted" && e.nodeId === "root");
    expect(startedInCompletion(events, rootDone).sort()).toEqual(["custom", "plain"]);
    // Only the root and the GPU node went through a ready stream.
    expect((await readyEntriesAdded(routes)) - before).toBe(2);
    expect(state.nodes.plain?.worker).toBe("cpu-box");
    await Promise.all([cpu.stop(0), gpu.stop(0)]);
  });
});
