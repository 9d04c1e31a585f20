// A graph that grows while it runs, watched in a real headless Chromium against a real dago, without reloading the
// page: the nodes a patch over the HTTP API adds appear in the drawing (with their specs in the node panel), the
// dependency it adds is drawn as an edge, the node it removes disappears, and the event log shows the patch. A real
// map's children appear in a box labelled with the map, at most `concurrency` of them running while the map runs
// (screenshot: test-artifacts/patched-map.png); a real loop's iterations appear in its box one at a time, linked
// each to the one before, until the loop ends (test-artifacts/patched-loop.png).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";
import { waitUntil } from "../helpers/wait-until.js";

// What the callbacks run in the page use of the browser: the suite compiles without the DOM library.
interface PageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface PageElement {
  dataset: Record<string, string>;
  /** Set by the test to tell an element that survived a re-render from a new one. */
  mark?: number;
  getBoundingClientRect(): PageRect;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[];
};
declare const window: { unreloaded?: boolean };

const ARTIFACTS = join(new URL("../../", import.meta.url).pathname, "test-artifacts");

/** Holds its node running until the test releases it, so the graph is still running when it is patched. */
class GateExecutor implements Executor {
  started = false;
  private open: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  constructor(readonly type: string) {}

  async execute(): Promise<unknown> {
    this.started = true;
    await this.opened;
    return "opened";
  }

  release(): void {
    this.open();
  }
}

/** Holds each node it runs until the test releases that node by id; then returns `output` for it. */
class HeldExecutor implements Executor {
  readonly started: string[] = [];
  private readonly gates = new Map<string, { opened: Promise<void>; open(): void }>();
  private all = false;

  constructor(
    readonly type: string,
    private readonly output: (ctx: ExecutionContext) => unknown,
  ) {}

  private gate(nodeId: string) {
    let gate = this.gates.get(nodeId);
    if (!gate) {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { opened, open };
      this.gates.set(nodeId, gate);
      if (this.all) open();
    }
    return gate;
  }

  async execute(ctx: ExecutionContext): Promise<unknown> {
    this.started.push(ctx.nodeId);
    await this.gate(ctx.nodeId).opened;
    return this.output(ctx);
  }

  release(nodeId: string): void {
    this.gate(nodeId).open();
  }

  releaseAll(): void {
    this.all = true;
    for (const gate of this.gates.values()) gate.open();
  }
}

let dago: RunningDago;
let browser: Browser;
let page: Page;
let base: string;
const gate = new GateExecutor("gate");
const SECTIONS = [{ title: "intro" }, { title: "body" }, { title: "end" }];
/** Plans the sections a map writes. */
const planner = new HeldExecutor("planner", () => ({ sections: SECTIONS }));
/** Writes one section: a map's child, told its item and index. */
const writer = new HeldExecutor("writer", (ctx) => ({
  index: ctx.node.index,
  title: ctx.render("{{item.title}}"),
}));
/** A loop's iteration: scores one higher than the iteration before. */
const drafter = new HeldExecutor("drafter", (ctx) => ({ score: (ctx.node.index ?? 0) + 1 }));
const pageErrors: string[] = [];

beforeAll(async () => {
  dago = await startDashboardDago([gate, planner, writer, drafter]);
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  gate.release();
  for (const held of [planner, writer, drafter]) held.releaseAll();
  await browser?.close();
  await dago?.stop(0);
});

async function post(path: string, body: object): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function submit(spec: object): Promise<string> {
  const created = await post("/api/v1/graphs", spec);
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function openGraph(id: string): Promise<void> {
  await page.goto(`${base}/graphs/${encodeURIComponent(id)}`);
  await page.getByText("following live").waitFor();
  // Gone if the page reloads: what follows must arrive over the live connection.
  await page.evaluate(() => {
    window.unreloaded = true;
  });
}

const drawnNodes = () =>
  page.evaluate(() => [...document.querySelectorAll("[data-node-id]")].map((g) => g.dataset.nodeId).sort());
const drawnEdges = () =>
  page.evaluate(() => [...document.querySelectorAll("[data-edge]")].map((p) => p.dataset.edge).sort());
const statusOf = (id: string) => page.locator(`[data-node-id="${id}"]`).getAttribute("data-status");

/** Waits for the node panel to list `term` with `value`. */
async function panelFact(term: string, value: string): Promise<void> {
  await page
    .getByTestId("node-panel")
    .locator("dl.facts > div")
    .filter({ has: page.locator("dt").getByText(term, { exact: true }) })
    .filter({ has: page.locator("dd").getByText(value, { exact: true }) })
    .waitFor();
}

async function selectNode(id: string): Promise<void> {
  await page.locator(`[data-node-id="${id}"]`).click();
  await page
    .getByTestId("node-panel")
    .getByRole("heading", { name: `Node ${id}` })
    .waitFor();
}

/** The box of a map's or loop's children and their rectangles, as drawn on the page. */
async function groupDrawing(parent: string, members: number) {
  const drawn = await page.evaluate(
    ({ parent, members }) => {
      const frame = document.querySelector(`[data-group-of="${parent}"] rect`)?.getBoundingClientRect();
      const children = Array.from({ length: members }, (_, i) =>
        document.querySelector(`[data-node-id="${parent}[${i}]"] rect`)?.getBoundingClientRect(),
      );
      return { frame, children };
    },
    { parent, members },
  );
  const { frame, children } = drawn;
  if (!frame) throw new Error(`no box for ${parent}`);
  const rects = children.map((r, i) => {
    if (!r) throw new Error(`${parent}[${i}] is not drawn`);
    return r;
  });
  return { frame, children: rects };
}

/** Every rectangle lies inside the frame, below its caption, left to right in index order. */
function expectInsideInOrder(frame: PageRect, children: PageRect[]): void {
  for (const r of children) {
    expect(r.x).toBeGreaterThanOrEqual(frame.x);
    expect(r.y).toBeGreaterThan(frame.y);
    expect(r.x + r.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    expect(r.y + r.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
  }
  const xs = children.map((r) => r.x);
  expect(xs).toEqual([...xs].sort((a, b) => a - b));
  expect(new Set(xs).size).toBe(children.length);
}

describe("a graph patched while the dashboard watches it", () => {
  it("shows the added nodes and edges, drops the removed node and logs the patch, without a reload", async () => {
    const id = await submit({
      name: "patched-live",
      nodes: [
        { id: "first", type: "gate" },
        { id: "unused", type: "noop", dependsOn: ["first"] },
        { id: "final", type: "noop", dependsOn: ["first"] },
      ],
    });
    await waitUntil("the gate node to start", () => gate.started);
    await openGraph(id);
    await page.waitForSelector('[data-node-id="first"][data-status="running"]');
    expect(await drawnNodes()).toEqual(["final", "first", "unused"]);
    await page.getByRole("button", { name: "Zoom in" }).click();
    const zoomed = await page.getByTestId("graph-diagram-viewport").getAttribute("data-scale");
    await page.evaluate(() => {
      (document.querySelector('[data-node-id="first"]') as PageElement).mark = 1;
    });

    const patched = await post(`/api/v1/graphs/${encodeURIComponent(id)}/patches`, {
      addNodes: [
        { id: "extra", type: "noop", dependsOn: ["first"] },
        { id: "summary", type: "llm", prompt: "Sum up the extra section", dependsOn: ["extra"] },
      ],
      addDependencies: [{ node: "final", dependsOn: ["summary"] }],
      removeNodes: ["unused"],
    });
    expect(patched.status).toBe(200);

    await page.waitForSelector('[data-node-id="summary"]');
    await page.waitForSelector('[data-node-id="unused"]', { state: "detached" });
    expect(await drawnNodes()).toEqual(["extra", "final", "first", "summary"]);
    expect(await drawnEdges()).toEqual(
      ["extra\u2192summary", "first\u2192extra", "first\u2192final", "summary\u2192final"].sort(),
    );
    // Laid out again in place: the node drawn before is the same element, and the user's zoom is kept.
    expect(await page.evaluate(() => document.querySelector('[data-node-id="first"]')?.mark)).toBe(1);
    expect(await page.getByTestId("graph-diagram-viewport").getAttribute("data-scale")).toBe(zoomed);
    const row = page.getByTestId("event-log").locator('tr[data-event-type="GraphPatched"]');
    await row.getByText("patched by api (local): +2 nodes, +1 dependency, -1 node").waitFor();

    // The added node's spec reached the node panel with it.
    await page.locator('[data-node-id="summary"]').click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("heading", { name: /Node summary/ }).waitFor();
    await panel.getByTestId("node-prompt").getByText("Sum up the extra section").waitFor();

    // The graph runs on through what the patch added, and the drawing follows it.
    gate.release();
    await page.waitForSelector("h1 .badge.status-succeeded");
    for (const node of ["first", "extra", "summary", "final"]) {
      await page.waitForSelector(`[data-node-id="${node}"][data-status="succeeded"]`);
    }
    expect(await page.evaluate(() => window.unreloaded)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("draws a real map's children in its box in index order, running at most concurrency at once", async () => {
    const id = await submit({
      name: "mapped-live",
      nodes: [
        { id: "plan", type: "planner" },
        {
          id: "sections",
          type: "map",
          dependsOn: ["plan"],
          over: "nodes.plan.output.sections",
          concurrency: 2,
          node: { type: "writer" },
        },
        { id: "join", type: "noop", dependsOn: ["sections"] },
      ],
    });
    await waitUntil("the plan to start", () => planner.started.includes("plan"));
    await openGraph(id);
    await page.waitForSelector('[data-node-id="plan"][data-status="running"]');
    expect(await drawnNodes()).toEqual(["join", "plan", "sections"]);

    // The map reads the plan's list and adds one child per item; two of the three start.
    planner.release("plan");
    const box = page.locator('[data-group-of="sections"]');
    await box.getByText("map sections · 3 children").waitFor();
    await page.waitForSelector('[data-node-id="sections[0]"][data-status="running"]');
    await page.waitForSelector('[data-node-id="sections[1]"][data-status="running"]');
    expect(await statusOf("sections")).toBe("running");
    expect(await statusOf("sections[2]")).toBe("pending");
    expect(writer.started.sort()).toEqual(["sections[0]", "sections[1]"]);
    expect(await drawnNodes()).toEqual([
      "join",
      "plan",
      "sections",
      "sections[0]",
      "sections[1]",
      "sections[2]",
    ]);
    const { frame, children } = await groupDrawing("sections", 3);
    expectInsideInOrder(frame, children);
    // The box hangs under the map that added it, by an edge set apart from the dependencies.
    const adds = page.locator('[data-edge="sections\u2192group:sections"]');
    expect(await adds.getAttribute("class")).toContain("edge-adds");
    expect(await page.locator('[data-edge="sections\u2192join"]').getAttribute("class")).not.toContain(
      "edge-adds",
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator('[data-testid="graph-diagram"]')
      .screenshot({ path: join(ARTIFACTS, "patched-map.png") });
    await page.getByTestId("event-log").getByText("map sections added 3 children").waitFor();

    // A child's panel names its item and index; the map's, its list, its concurrency and its children.
    await selectNode("sections[1]");
    await panelFact("Child of", "map sections");
    await panelFact("Index", "1");
    await panelFact("Item", '{"title":"body"}');
    await selectNode("sections");
    await panelFact("Over", "nodes.plan.output.sections");
    await panelFact("Concurrency", "2");
    await panelFact("Children", "3");

    // One child ending lets the third start; the map runs until its last child has ended.
    writer.release("sections[0]");
    await page.waitForSelector('[data-node-id="sections[2]"][data-status="running"]');
    expect(await statusOf("sections[0]")).toBe("succeeded");
    expect(await statusOf("sections")).toBe("running");
    writer.release("sections[1]");
    writer.release("sections[2]");
    await page.waitForSelector('[data-node-id="sections"][data-status="succeeded"]');
    await page.waitForSelector("h1 .badge.status-succeeded");
    for (const node of ["sections[0]", "sections[1]", "sections[2]", "join"]) {
      expect(await statusOf(node)).toBe("succeeded");
    }
    // Its output is its children's, in item order.
    await page.getByTestId("node-output").getByText('"title": "end"').waitFor();
    const output = JSON.parse((await page.getByTestId("node-output").textContent()) ?? "null");
    expect(output).toEqual(SECTIONS.map(({ title }, index) => ({ index, title })));
    expect(await page.evaluate(() => window.unreloaded)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("adds a real loop's iterations to its box one at a time, each linked to the one before, until it ends", async () => {
    const id = await submit({
      name: "looped-live",
      nodes: [
        {
          id: "refine",
          type: "loop",
          maxIterations: 5,
          until: "last.output.score >= 3",
          node: { type: "drafter" },
        },
        { id: "publish", type: "noop", dependsOn: ["refine"] },
      ],
    });
    await waitUntil("the first iteration to start", () => drafter.started.includes("refine[0]"));
    await openGraph(id);
    const box = page.locator('[data-group-of="refine"]');
    await box.getByText("loop refine · 1 iteration").waitFor();
    await page.waitForSelector('[data-node-id="refine[0]"][data-status="running"]');
    expect(await statusOf("refine")).toBe("running");
    expect(await drawnNodes()).toEqual(["publish", "refine", "refine[0]"]);

    for (const i of [1, 2]) {
      drafter.release(`refine[${i - 1}]`);
      await box.getByText(`loop refine · ${i + 1} iterations`).waitFor();
      await page.waitForSelector(`[data-node-id="refine[${i}]"][data-status="running"]`);
      // Only the next one: the iteration after it waits for this one's output.
      expect(await page.locator(`[data-node-id="refine[${i + 1}]"]`).count()).toBe(0);
      expect(await statusOf(`refine[${i - 1}]`)).toBe("succeeded");
      expect(await statusOf("refine")).toBe("running");
    }
    expect(await drawnEdges()).toContain("refine\u2192group:refine");
    const links = (await drawnEdges()).filter((e) => e?.startsWith("refine["));
    expect(links).toEqual(["refine[0]\u2192refine[1]", "refine[1]\u2192refine[2]"]);
    const { frame, children } = await groupDrawing("refine", 3);
    expectInsideInOrder(frame, children);
    // Each link runs inside the box, from one iteration to the next.
    const routes = await page.evaluate(() =>
      [0, 1].map((i) =>
        document.querySelector(`[data-edge="refine[${i}]\u2192refine[${i + 1}]"]`)?.getBoundingClientRect(),
      ),
    );
    routes.forEach((route, i) => {
      const [before, after] = [children[i], children[i + 1]];
      if (!route || !before || !after) throw new Error(`link ${i} is not drawn`);
      expect(route.x).toBeGreaterThanOrEqual(before.x + before.width - 1);
      expect(route.x + route.width).toBeLessThanOrEqual(after.x + 1);
      expect(route.y).toBeGreaterThan(frame.y);
      expect(route.y + route.height).toBeLessThan(frame.y + frame.height);
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator('[data-testid="graph-diagram"]')
      .screenshot({ path: join(ARTIFACTS, "patched-loop.png") });
    await selectNode("refine[1]");
    await panelFact("Iteration of", "loop refine");
    await panelFact("Index", "1");

    // The third iteration's score meets `until`: the loop ends with it, and no fourth is added.
    drafter.release("refine[2]");
    await page.waitForSelector('[data-node-id="refine"][data-status="succeeded"]');
    await page.waitForSelector("h1 .badge.status-succeeded");
    expect(await statusOf("publish")).toBe("succeeded");
    expect(await drawnNodes()).toEqual(["publish", "refine", "refine[0]", "refine[1]", "refine[2]"]);
    await selectNode("refine");
    await panelFact("Until", "last.output.score >= 3");
    await panelFact("Max iterations", "5");
    await panelFact("Iterations", "3");
    const output = JSON.parse((await page.getByTestId("node-output").textContent()) ?? "null");
    expect(output).toEqual({ score: 3, iterations: 3, exhausted: false });
    expect(await page.getByTestId("event-log").getByText("loop refine added 1 iteration").count()).toBe(3);
    expect(await page.evaluate(() => window.unreloaded)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
