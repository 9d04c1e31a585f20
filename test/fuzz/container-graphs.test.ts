// Random graphs with `map` and `loop` nodes run by a worker pool while random API patches, pauses, resumes and
// cancels land on them. Maps read lists of random length (empty, within and over maxItems) with random
// concurrency and children that fail at drawn positions, with and without continueOnFailure; loops have random
// bounds, an `until` that holds at a drawn iteration or never, and iterations that fail. Once every graph has
// ended: fold(events) equals the projection, the invariant checker finds every graph whole, no node was made
// ready or started before its dependencies had resolved, and every map and loop kept its contract
// (container-checks).
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { DagoError } from "../../internal/errors/index.js";
import { checkSnapshot, readGraphSnapshot } from "../../internal/store/check/index.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, sleepExecutor, valueExecutor } from "../helpers/test-executors.js";
import { type ContainerGraph, containerGraphArb, stepExecutor } from "./container-arbitraries.js";
import { containerViolations } from "./container-checks.js";
import { dependencyOrder } from "./dependency-order.js";
import { type Action, actionArb, patchBody } from "./patch-arbitraries.js";

/** What a refused patch, pause, resume or cancel may answer in a random sequence. */
const REFUSALS = new Set(["validation_failed", "invalid_transition", "version_conflict"]);

type Step =
  | Action
  | { kind: "cancel"; graph: number }
  /** A node added under one of the children a map or loop has added so far. */
  | { kind: "under"; graph: number; child: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: actionArb, weight: 12 },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), graph: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("under" as const), graph: fc.nat(), child: fc.nat() }),
    weight: 3,
  },
);

let h: Harness;
let nextNode = 0;
const tally = { graphs: 0, maps: 0, loops: 0, children: 0, applied: 0, cancelled: 0 };

beforeAll(async () => {
  h = await createHarness({ timerIntervalMs: 20 });
  await h.startWorker({
    executors: [sleepExecutor(), failingExecutor(), valueExecutor(), stepExecutor()],
    poolSize: 4,
  });
});

afterAll(async () => {
  await h?.close();
});

async function refusable(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(DagoError);
    const error = err as DagoError;
    expect(REFUSALS.has(error.code), `${error.code}: ${error.message}`).toBe(true);
    return false;
  }
}

async function perform(step: Step, graphIds: readonly string[]): Promise<void> {
  if (step.kind === "wait") {
    await new Promise((resolve) => setTimeout(resolve, step.ms));
    return;
  }
  const graphId = graphIds[step.graph % graphIds.length] as string;
  const patch = async (recipe: Parameters<typeof patchBody>[0]) => {
    const before = await h.service.get("default", graphId);
    const body = patchBody(recipe, before, () => `p${++nextNode}`);
    if (await refusable(() => h.service.patch("default", graphId, body))) tally.applied++;
  };
  switch (step.kind) {
    case "patch":
      return patch(step.recipe);
    case "pair":
      await Promise.all(step.recipes.map(patch));
      return;
    case "pause":
      await refusable(() => h.service.pause("default", graphId));
      return;
    case "resume":
      await refusable(() => h.service.resume("default", graphId));
      return;
    case "under": {
      const children = Object.keys((await h.service.get("default", graphId)).nodes).filter((id) =>
        id.includes("["),
      );
      const child = children[step.child % Math.max(1, children.length)];
      if (child === undefined) return;
      const body = { addNodes: [{ id: `p${++nextNode}`, type: "noop", dependsOn: [child] }] };
      if (await refusable(() => h.service.patch("default", graphId, body))) tally.applied++;
      return;
    }
    case "cancel":
      if (await refusable(() => h.service.cancel("default", graphId))) tally.cancelled++;
      return;
  }
}

async function expectEndedWhole(graph: ContainerGraph, graphId: string): Promise<void> {
  await refusable(() => h.service.resume("default", graphId));
  const state = await h.waitForEnd(graphId, 30_000);
  expect(TERMINAL_GRAPH_STATUSES.has(state.status)).toBe(true);
  const { folded, stored } = await h.expectFoldMatches(graphId);
  expect(folded).toEqual(stored);
  const events = await h.events(graphId);
  expect(dependencyOrder(events).violations).toEqual([]);
  expect(containerViolations(graph.containers, state, events)).toEqual([]);
  // The checker behind `dago check`, graph by graph, so that a violation is reported with the scenario it came from.
  const snapshot = await readGraphSnapshot(h.redis, h.keyPrefix, graphId);
  expect(snapshot).toBeDefined();
  const trail = () => events.map((e) => `${e.type} ${e.nodeId ?? ""} ${JSON.stringify(e.data)}`).join("\n");
  expect(checkSnapshot(snapshot as NonNullable<typeof snapshot>, true), trail()).toEqual([]);
  for (const draw of graph.containers) {
    const children = Object.keys(state.nodes).filter((id) => id.startsWith(`${draw.id}[`));
    tally.children += children.length;
    if (children.length > 0) tally[draw.kind === "map" ? "maps" : "loops"]++;
  }
}

it("maps and loops under patches, pauses and cancels keep every graph whole and every container's contract", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(containerGraphArb, { minLength: 1, maxLength: 3 }),
      fc.array(stepArb, { minLength: 2, maxLength: 10 }),
      async (graphs, steps) => {
        const graphIds: string[] = [];
        for (const graph of graphs) graphIds.push(await h.submit(graph.spec));
        tally.graphs += graphIds.length;
        for (const step of steps) await perform(step, graphIds);
        await Promise.all(graphs.map((graph, i) => expectEndedWhole(graph, graphIds[i] as string)));
      },
    ),
    // Each run drives real graphs for a while: shrinking would take minutes, so the first failing scenario is
    // reported as drawn (with the seed and path that replay it).
    { numRuns: 80, endOnFailure: true },
  );
  // A run whose containers never expanded tested nothing.
  expect(tally.maps).toBeGreaterThan(20);
  expect(tally.loops).toBeGreaterThan(20);
  expect(tally.applied).toBeGreaterThan(20);
  expect(tally.cancelled).toBeGreaterThan(3);
  expect(tally.children).toBeGreaterThan(100);
  const graphs = await expectGraphsWhole(h.redis, h.keyPrefix);
  expect(graphs.size).toBe(tally.graphs);
}, 120_000);
