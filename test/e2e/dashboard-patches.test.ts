// A graph patched while it runs, watched in a real headless Chromium against a real dago: the nodes a patch over
// the HTTP API adds appear in the drawing (with their specs in the node panel), the dependency it adds is drawn
// as an edge, the node it removes disappears, and the event log shows the patch, all without reloading the page.
// A map's children, added by patches the way a map node adds them, are drawn in a box labelled with the map
// (screenshot: test-artifacts/patched-map.png).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import { DEFAULT_PATCH_LIMITS, type PatchSource } from "../../internal/domain/graph-patch.js";
import { validatePatch } from "../../internal/domain/validate-patch.js";
import { DEFAULT_VALIDATION_LIMITS } from "../../internal/domain/validation.js";
import type { Executor } from "../../internal/worker/executor.js";
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

let dago: RunningDago;
let browser: Browser;
let page: Page;
let base: string;
const gate = new GateExecutor("gate");
const mapper = new GateExecutor("mapper");
const pageErrors: string[] = [];

beforeAll(async () => {
  dago = await startDashboardDago([gate, mapper]);
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  gate.release();
  mapper.release();
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

/**
 * A patch applied as a map node applies one: by the engine, with its source and the map's id. Children's ids
 * (`sections[0]`) are the engine's to make and no client may write them, so the patch is validated with stand-ins
 * (`sections__0`) put back into that form afterwards.
 */
async function patchAs(source: PatchSource, by: string, graphId: string, body: object): Promise<void> {
  const stored = await dago.engine.patchBase(graphId);
  if (!stored) throw new Error(`graph ${graphId} not found`);
  const toStandIns = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replace(/"(\w+)\[(\d+)\]"/g, '"$1__$2"')) as T;
  const fromStandIns = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replace(/"(\w+?)__(\d+)"/g, '"$1[$2]"')) as T;
  const base = {
    ...stored,
    nodes: toStandIns(stored.nodes),
    statuses: new Map(toStandIns([...stored.statuses])),
  };
  const result = validatePatch(toStandIns(body), base, DEFAULT_VALIDATION_LIMITS, DEFAULT_PATCH_LIMITS);
  if (!result.valid) throw new Error(JSON.stringify(result.errors));
  const outcome = await dago.engine.patch(graphId, undefined, {
    patch: fromStandIns(result.patch),
    order: fromStandIns(result.order),
    source,
    by,
    structureVersion: stored.patches,
  });
  expect(outcome.applied).toBe(true);
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
    await row.getByText("patched by api: +2 nodes, +1 dependency, -1 node").waitFor();

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

  it("draws a map's children in a box labelled with the map, in index order, as its patches add them", async () => {
    const id = await submit({
      name: "mapped-live",
      nodes: [
        { id: "sections", type: "mapper" },
        { id: "join", type: "noop", dependsOn: ["sections"] },
      ],
    });
    await waitUntil("the map node to start", () => mapper.started);
    await openGraph(id);
    await page.waitForSelector('[data-node-id="sections"][data-status="running"]');

    const child = (i: number) => ({ id: `sections[${i}]`, type: "noop" });
    const joinOn = (...ids: number[]) => [{ node: "join", dependsOn: ids.map((i) => `sections[${i}]`) }];
    await patchAs("map", "sections", id, { addNodes: [child(0), child(1)], addDependencies: joinOn(0, 1) });
    const box = page.locator('[data-group-of="sections"]');
    await box.getByText("map sections · 2 children").waitFor();
    await patchAs("map", "sections", id, { addNodes: [child(2)], addDependencies: joinOn(2) });
    await box.getByText("map sections · 3 children").waitFor();
    await page.waitForSelector('[data-node-id="sections[2]"][data-status="succeeded"]');

    const drawn = await page.evaluate(() => {
      const frame = document.querySelector('[data-group-of="sections"] rect')?.getBoundingClientRect();
      const children = [0, 1, 2].map((i) =>
        document.querySelector(`[data-node-id="sections[${i}]"] rect`)?.getBoundingClientRect(),
      );
      return { frame, children };
    });
    const { frame, children } = drawn;
    if (!frame) throw new Error("no group box");
    for (const r of children) {
      if (!r) throw new Error("a child is not drawn");
      expect(r.x).toBeGreaterThanOrEqual(frame.x);
      expect(r.y).toBeGreaterThan(frame.y);
      expect(r.x + r.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
      expect(r.y + r.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
    }
    const xs = children.map((r) => r?.x ?? 0);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(3);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator('[data-testid="graph-diagram"]')
      .screenshot({ path: join(ARTIFACTS, "patched-map.png") });
    const log = page.getByTestId("event-log");
    await log.getByText("map sections added 2 children, +2 dependencies").waitFor();
    await log.getByText("map sections added 1 child, +1 dependency").waitFor();

    mapper.release();
    await page.waitForSelector("h1 .badge.status-succeeded");
    expect(await page.evaluate(() => window.unreloaded)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
