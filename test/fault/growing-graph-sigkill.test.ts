// A worker process SIGKILLed while its graph grows costs one lease, never a node twice: killed with a map's
// expansion in flight (never applied, or applied with the reply lost), while the map's children run, or around a
// planner's completion that carries a patch (withPatch). Another worker takes over after the lease; the graph
// completes with exactly one GraphPatched per expansion or plan, every added node created once and completed once,
// the fold equal to the projection, and the invariant checker finding nothing wrong.
//
// The kill points are exact: the victim reaches Redis through a proxy that freezes its connection at the
// command carrying the patch, `before` it is sent or `after` Redis ran it, and the test kills the victim there.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphState } from "../../internal/domain/state.js";
import { type ExecutionContext, type Executor, withPatch } from "../../internal/worker/executor.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { type FreezePoint, type FreezeProxy, startFreezeProxy } from "../helpers/freeze-proxy.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { spawnNodeScript } from "../helpers/node-process.js";
import { testRedisPort } from "../helpers/redis-port.js";

const ITEMS = ["alpha", "beta", "gamma", "delta", "epsilon"];

// Each test has its own harness (key prefix), so one test's rescuer never takes another's nodes.
let h: Harness;
let proxy: FreezeProxy;
const harnesses: Harness[] = [];
const victims: DagoProcess[] = [];
beforeEach(async () => {
  h = await createHarness({ engine: { leaseMs: 1000 } });
  harnesses.push(h);
  proxy = await startFreezeProxy(testRedisPort());
});
afterEach(async () => {
  for (const victim of victims) victim.child.kill("SIGKILL");
  await proxy.close();
});
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
});

/** What a victim process needs: this test's keys, a short lease, and Redis only through the freezing proxy. */
function victimEnv(id: string): Record<string, string> {
  return {
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    DAGO_KEY_PREFIX: h.keyPrefix,
    DAGO_PARTITIONS: "4",
    DAGO_LEASE_MS: "1000",
    DAGO_WORKER_ID: id,
    WORKER_POOL_SIZE: "4",
  };
}

function spawnDagoWorker(id: string, mockLatencyMs: number): DagoProcess {
  const victim = spawnDago(["worker"], {
    ...victimEnv(id),
    LLM_PROVIDER: "mock",
    MOCK_LLM_LATENCY_MS: String(mockLatencyMs),
  });
  victims.push(victim);
  return victim;
}

async function kill(victim: DagoProcess): Promise<void> {
  victim.child.kill("SIGKILL");
  expect(await victim.exited).toBe("SIGKILL");
}

const count = (events: GraphEvent[], type: GraphEvent["type"], nodeId: string) =>
  events.filter((e) => e.type === type && e.nodeId === nodeId).length;

/**
 * The graph completed and grew exactly once by `source`, adding `added` (each node once, completed once); every
 * original node completed once; fold == projection; the checker finds every graph whole.
 */
async function expectGrewOnce(
  id: string,
  source: string,
  added: string[],
): Promise<{ state: GraphState; events: GraphEvent[] }> {
  const state = await h.waitForEnd(id, 30_000);
  expect(state.status).toBe("succeeded");
  const events = await h.events(id);
  const patches = events.filter((e) => e.type === "GraphPatched");
  expect(patches.map((e) => e.data.source)).toEqual([source]);
  const addedIds = ((patches[0]?.data.addNodes ?? []) as Array<{ id: string }>).map((n) => n.id);
  expect(addedIds).toEqual(added);
  expect(Object.keys(state.nodes)).toEqual(expect.arrayContaining(added));
  for (const node of Object.keys(state.nodes)) {
    expect(count(events, "NodeCompleted", node), `completions of ${node}`).toBe(1);
  }
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(stored.version).toBe(events.length);
  expect(folded).toEqual(stored);
  await expectGraphsWhole(h.redis, h.keyPrefix);
  return { state, events };
}

const mapGraph = (name: string) => ({
  name,
  input: { items: ITEMS },
  nodes: [
    {
      id: "fan",
      type: "map",
      over: "input.items",
      concurrency: 3,
      node: { type: "llm", prompt: "Write about {{item}} (item {{index}})" },
    },
    { id: "join", type: "noop", dependsOn: ["fan"] },
  ],
});

const CHILDREN = ITEMS.map((_, i) => `fan[${i}]`);

/** The map's output: its children's outputs in item order, one per item. */
function expectJoined(state: GraphState): void {
  expect(state.nodes.fan?.output).toEqual(CHILDREN.map((child) => state.nodes[child]?.output));
  expect(state.nodes.fan?.output).toHaveLength(ITEMS.length);
  expect(Object.keys(state.nodes).filter((n) => n.startsWith("fan["))).toHaveLength(ITEMS.length);
}

describe("a worker SIGKILLed during a map's fan-out", () => {
  it.each<[FreezePoint, string]>([
    ["before", "the expansion never reached Redis: the next attempt of the map expands it"],
    [
      "after",
      "the expansion was applied but its reply was lost: the map never starts again, no child is created twice",
    ],
  ])("killed with its expansion frozen %s Redis: %s", async (point) => {
    const frozen = proxy.freezeAt('{"source":"map","by":"fan"', point);
    const victim = spawnDagoWorker(`map-victim-${point}`, 600_000);
    const id = await h.submit(mapGraph(`map-killed-${point}-expansion`));
    await frozen;
    await kill(victim);

    const atKill = await h.events(id);
    expect(atKill.filter((e) => e.type === "GraphPatched")).toHaveLength(point === "before" ? 0 : 1);
    expect((await h.engine.getState(id))?.nodes.fan?.status).toBe("running");

    await h.startWorker({ id: `map-rescuer-${point}` });
    const { state, events } = await expectGrewOnce(id, "map", CHILDREN);
    expectJoined(state);
    // Frozen before: the map's attempt 1 is lost with its lease and attempt 2 expands. Frozen after: the map
    // expanded on attempt 1 and holds no lease while its children run, so it never starts again.
    expect(count(events, "NodeStarted", "fan")).toBe(point === "before" ? 2 : 1);
    expect(state.nodes.fan?.attempt).toBe(point === "before" ? 2 : 1);
    // A child the victim had started (none when it died before reading the expansion's reply, as here) lost its
    // lease and ran again; no child ran on attempt 1 anywhere else than where it was first started.
    for (const child of CHILDREN) {
      const starts = events.filter((e) => e.type === "NodeStarted" && e.nodeId === child);
      if (starts[0]?.data.worker !== `map-victim-${point}`) continue;
      expect(point).toBe("after");
      expect(starts).toHaveLength(2);
      expect(events.find((e) => e.type === "NodeRetrying" && e.nodeId === child)?.data.error).toMatchObject({
        code: "lease_expired",
      });
    }
  });

  it("killed while the children run: the running children are taken over, none is created again", async () => {
    const victim = spawnDagoWorker("children-victim", 600_000);
    const id = await h.submit(mapGraph("map-killed-while-children-run"));
    await h.waitFor(
      id,
      (s) =>
        CHILDREN.filter((c) => s.nodes[c]?.status === "running" && s.nodes[c]?.worker === "children-victim")
          .length === 3,
      30_000,
    );
    await kill(victim);

    await h.startWorker({ id: "children-rescuer" });
    const { state, events } = await expectGrewOnce(id, "map", CHILDREN);
    expectJoined(state);
    expect(count(events, "NodeStarted", "fan")).toBe(1);
    // The three children that ran on the victim lost their lease and ran again; the others ran once.
    const rerun = CHILDREN.filter((c) => count(events, "NodeStarted", c) === 2);
    expect(rerun).toHaveLength(3);
    for (const child of rerun) {
      expect(events.find((e) => e.type === "NodeRetrying" && e.nodeId === child)?.data.error).toMatchObject({
        code: "lease_expired",
      });
    }
    expect(CHILDREN.filter((c) => count(events, "NodeStarted", c) === 1)).toHaveLength(2);
  });
});

/** The in-process rescuer's planner: the same plan as test/helpers/planner-worker.mjs. */
function plannerExecutor(): Executor {
  return {
    type: "planner",
    async execute(ctx: ExecutionContext) {
      const ids = [0, 1, 2].map((i) => `${ctx.nodeId}-w${i}`);
      return withPatch(
        { planned: ids, by: "in-process" },
        {
          addNodes: ids.map((node) => ({ id: node, type: "noop", dependsOn: [ctx.nodeId] })),
          addDependencies: [{ node: "final", dependsOn: ids }],
        },
      );
    },
  };
}

describe("a worker SIGKILLed around a planner's patched completion", () => {
  it.each<[FreezePoint, string]>([
    ["before", "the completion never reached Redis: the rescuer plans again, and only its plan is applied"],
    ["after", "the completion and its patch were applied with the reply lost: nothing is planned again"],
  ])("killed with its completion frozen %s Redis: %s", async (point) => {
    const frozen = proxy.freezeAt('{"source":"executor","by":"plan"', point);
    const victimId = `planner-victim-${point}`;
    const victim = spawnNodeScript(
      new URL("../helpers/planner-worker.mjs", import.meta.url),
      victimEnv(victimId),
    );
    victims.push(victim);
    const id = await h.submit({
      name: `planner-killed-${point}-completion`,
      nodes: [
        { id: "plan", type: "planner" },
        { id: "final", type: "noop", dependsOn: ["plan"] },
      ],
    });
    await frozen;
    await kill(victim);
    const atKill = await h.engine.getState(id);
    expect(atKill?.nodes.plan?.status).toBe(point === "before" ? "running" : "succeeded");

    await h.startWorker({ id: `planner-rescuer-${point}`, executors: [plannerExecutor()] });
    const added = ["plan-w0", "plan-w1", "plan-w2"];
    const { state, events } = await expectGrewOnce(id, "executor", added);
    expect(state.nodes.plan?.output).toEqual({
      planned: added,
      by: point === "before" ? "in-process" : victimId,
    });
    expect(state.nodes.plan?.attempt).toBe(point === "before" ? 2 : 1);
    expect(state.nodes.final?.dependsOn).toEqual(["plan", ...added]);
    // The join started only once every planned node had completed.
    const finalStarted = events.findIndex((e) => e.type === "NodeStarted" && e.nodeId === "final");
    for (const node of added) {
      expect(events.findIndex((e) => e.type === "NodeCompleted" && e.nodeId === node)).toBeLessThan(
        finalStarted,
      );
    }
  });
});
