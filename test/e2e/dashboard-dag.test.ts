// The dashboard's DAG view at 10, 100 and 500 nodes in a real headless Chromium against a real dago: a fan-out
// between a planner and a join is shown whole on first show, siblings in spec order, zoom and pan work by button,
// key, wheel and drag, a click on a node opens its panel, and live state changes recolour nodes without a new
// layout or new elements. Screenshots go to test-artifacts/dag-<n>.png, timings to test-artifacts/dag-timings.json.
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import type { Executor } from "../../internal/worker/executor.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";

// What the callbacks run in the page use of the browser: the suite compiles without the DOM library.
interface PageRect {
  x: number;
  y: number;
  width: number;
  height: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}
interface PageElement {
  dataset: Record<string, string | undefined>;
  parentElement: PageElement | null;
  getBoundingClientRect(): PageRect;
  querySelector(selector: string): PageElement | null;
  /** Set by the test to tell an element that survived a re-render from a new one. */
  mark?: number;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[];
};
declare const window: { innerWidth: number; innerHeight: number };

const ARTIFACTS = join(new URL("../../", import.meta.url).pathname, "test-artifacts");

/** Holds the planner running until the test releases it. */
class GateExecutor implements Executor {
  readonly type = "gate";
  private open: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  async execute(): Promise<unknown> {
    await this.opened;
    return "planned";
  }

  release(): void {
    this.open();
  }
}

/** `total` nodes: a planner, `total - 2` sections in spec order, a join. No worker runs `parked`: they stay put. */
function fanOut(total: number, plannerType: string) {
  const sections = Array.from({ length: total - 2 }, (_, i) => `section-${i}`);
  return {
    name: `fan-out-${total}`,
    nodes: [
      { id: "plan", type: plannerType },
      ...sections.map((id) => ({ id, type: "parked", dependsOn: ["plan"] })),
      { id: "join", type: "noop", dependsOn: sections },
    ],
  };
}

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every drawn node's box on screen, and the visible area: the diagram's viewport within the window. */
function geometry(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="graph-diagram"]') as PageElement;
    const frame = (svg.parentElement as PageElement).getBoundingClientRect();
    const visible = {
      left: Math.max(0, frame.left),
      top: Math.max(0, frame.top),
      right: Math.min(window.innerWidth, frame.right),
      bottom: Math.min(window.innerHeight, frame.bottom),
    };
    const nodes = [...document.querySelectorAll("[data-node-id]")].map((g) => {
      const r = (g.querySelector("rect") as PageElement).getBoundingClientRect();
      return { id: g.dataset.nodeId as string, x: r.x, y: r.y, width: r.width, height: r.height };
    });
    return { visible, nodes };
  });
}

const scaleOf = async (page: Page) =>
  Number(await page.getByTestId("graph-diagram-viewport").getAttribute("data-scale"));

const centreOf = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

let dago: RunningDago;
let browser: Browser;
let page: Page;
let base: string;
const gate = new GateExecutor();
const pageErrors: string[] = [];
const timings: Record<string, unknown> = {};

beforeAll(async () => {
  dago = await startDashboardDago([gate]);
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, "dag-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
  await browser?.close();
  await dago?.stop(0);
});

async function submit(spec: object): Promise<string> {
  const res = await fetch(`${base}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/**
 * Opens the graph, waits for its drawing, and checks what every size must show: all nodes drawn, each wholly
 * inside the visible area, sections in spec order (reading order: rows top to bottom, left to right).
 */
async function openAndCheck(total: number, plannerType: string) {
  const spec = fanOut(total, plannerType);
  const id = await submit(spec);
  await page.goto(`${base}/graphs/${encodeURIComponent(id)}`);
  await page.getByText("following live").waitFor();
  await page.waitForFunction((n) => document.querySelectorAll("[data-node-id]").length === n, total);
  await page.locator('[data-testid="graph-diagram"]').scrollIntoViewIfNeeded();

  const { visible, nodes } = await geometry(page);
  expect(nodes.map((n) => n.id).sort()).toEqual(spec.nodes.map((n) => n.id).sort());
  const outside = nodes.filter(
    (n) =>
      n.x < visible.left - 0.5 ||
      n.y < visible.top - 0.5 ||
      n.x + n.width > visible.right + 0.5 ||
      n.y + n.height > visible.bottom + 0.5,
  );
  expect(outside.map((n) => n.id)).toEqual([]);

  const rows = (a: Box, b: Box) => (Math.abs(a.y - b.y) < 1 ? a.x - b.x : a.y - b.y);
  const sections = nodes.filter((n) => n.id.startsWith("section-"));
  expect([...sections].sort(rows).map((n) => n.id)).toEqual(
    spec.nodes.filter((n) => n.id.startsWith("section-")).map((n) => n.id),
  );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const plan = byId.get("plan") as Box;
  const joined = byId.get("join") as Box;
  for (const s of sections) {
    expect(s.y).toBeGreaterThan(plan.y + plan.height);
    expect(s.y + s.height).toBeLessThan(joined.y);
  }

  timings[`${total} nodes`] = await page.evaluate(() => {
    const layout = performance.getEntriesByName("dago:graph-layout")[0] as
      | { startTime: number; duration: number; detail?: unknown }
      | undefined;
    const drawn = performance.getEntriesByName("dago:graph-drawn")[0];
    return {
      elkMsInWorker: Math.round((layout?.detail as { elkMs: number } | undefined)?.elkMs ?? Number.NaN),
      layoutRoundTripMs: Math.round(layout?.duration ?? Number.NaN),
      stateToPaintedMs: Math.round((drawn?.startTime ?? Number.NaN) - (layout?.startTime ?? Number.NaN)),
      navigationToPaintedMs: Math.round(drawn?.startTime ?? Number.NaN),
    };
  });

  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = join(ARTIFACTS, `dag-${total}.png`);
  await page.locator(".diagram-panel").screenshot({ path: shot });
  expect(statSync(shot).size).toBeGreaterThan(5_000);
  return { nodes: byId, visible };
}

describe("the dashboard's DAG view", () => {
  it("shows a 10-node fan-out whole, readable and in spec order, zooms, pans and fits", async () => {
    const { nodes } = await openAndCheck(10, "gate");
    // Small graphs are shown at their natural size, where labels are legible.
    const fitted = await scaleOf(page);
    expect(fitted).toBeGreaterThan(0.8);
    expect(fitted).toBeLessThanOrEqual(1);

    const zoom = page.getByTestId("diagram-zoom");
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(await scaleOf(page)).toBeGreaterThan(fitted);
    expect(await zoom.textContent()).toBe(`${Math.round((await scaleOf(page)) * 100)}%`);
    await page.getByRole("button", { name: "Zoom out" }).click();
    await page.getByRole("button", { name: "Zoom out" }).click();
    expect(await scaleOf(page)).toBeLessThan(fitted);
    await page.getByRole("button", { name: "Fit" }).click();
    expect(await scaleOf(page)).toBeCloseTo(fitted, 4);

    // Keys, while the diagram has focus.
    await page.getByTestId("graph-diagram-viewport").focus();
    await page.keyboard.press("+");
    expect(await scaleOf(page)).toBeGreaterThan(fitted);
    await page.keyboard.press("0");
    expect(await scaleOf(page)).toBeCloseTo(fitted, 4);

    // The wheel zooms around the pointer: the node under it stays under it.
    const target = centreOf(nodes.get("section-6") as Box);
    await page.mouse.move(target.x, target.y);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((k) => {
      const el = document.querySelector('[data-testid="graph-diagram-viewport"]') as PageElement;
      return Number(el.dataset.scale) > k;
    }, fitted);
    const zoomedIn = (await geometry(page)).nodes.find((n) => n.id === "section-6") as Box;
    expect(zoomedIn.width).toBeGreaterThan((nodes.get("section-6") as Box).width);
    expect(Math.abs(centreOf(zoomedIn).x - target.x)).toBeLessThan(3);
    expect(Math.abs(centreOf(zoomedIn).y - target.y)).toBeLessThan(3);

    // A drag pans, and the click that ends it does not select the node it started on.
    await page.mouse.down();
    await page.mouse.move(target.x - 60, target.y - 30, { steps: 5 });
    await page.mouse.up();
    const panned = (await geometry(page)).nodes.find((n) => n.id === "section-6") as Box;
    expect(Math.round(panned.x - zoomedIn.x)).toBe(-60);
    expect(Math.round(panned.y - zoomedIn.y)).toBe(-30);
    expect(await page.getByTestId("node-panel").count()).toBe(0);

    await page.getByRole("button", { name: "Fit" }).click();
    await page.locator('[data-node-id="section-3"]').click();
    await page
      .getByTestId("node-panel")
      .getByRole("heading", { name: /Node section-3/ })
      .waitFor();
  });

  it("recolours nodes live without a new layout or new elements", async () => {
    await page.evaluate(() => {
      for (const g of document.querySelectorAll("[data-node-id]")) g.mark = 1;
    });
    gate.release();
    await page.waitForSelector('[data-node-id="plan"][data-status="succeeded"]');
    await page.waitForSelector('[data-node-id="section-0"][data-status="ready"]');
    const after = await page.evaluate(() => ({
      layouts: performance.getEntriesByName("dago:graph-layout").length,
      unmarked: [...document.querySelectorAll("[data-node-id]")].filter((g) => g.mark !== 1).length,
    }));
    expect(after).toEqual({ layouts: 1, unmarked: 0 });
  });

  it("shows a 100-node fan-out whole and in spec order", async () => {
    await openAndCheck(100, "parked");
    await page.locator('[data-node-id="section-42"]').click();
    await page
      .getByTestId("node-panel")
      .getByRole("heading", { name: /Node section-42/ })
      .waitFor();
  });

  it("shows a 500-node fan-out whole and in spec order, laid out off the main thread", async () => {
    await openAndCheck(500, "parked");
    await page.locator('[data-node-id="section-497"]').click();
    await page
      .getByTestId("node-panel")
      .getByRole("heading", { name: /Node section-497/ })
      .waitFor();
    expect(pageErrors).toEqual([]);
  });
});
