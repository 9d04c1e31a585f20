// The dashboard's node panel says what a ready node waits for, in a real headless Chromium against a real dago:
// the type and capabilities it needs, that no live worker offers them, and when it fails with no_worker; then,
// once that deadline passed, the no_worker failure itself.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import type { GraphState } from "../../internal/domain/state.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";

let dago: RunningDago;
let browser: Browser;
let page: Page;
let base = "";
const pageErrors: string[] = [];

beforeAll(async () => {
  dago = await startDashboardDago([]);
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await dago?.stop(0);
});

async function submit(spec: object): Promise<{ id: string; graph: GraphState }> {
  const res = await fetch(`${base}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return res.json() as never;
}

describe("a ready node's panel", () => {
  it("says what the node waits for and when it gives up", async () => {
    const { id, graph } = await submit({
      name: "waits",
      nodes: [{ id: "fetch", type: "fetch-page", requires: ["gpu"], scheduleTimeoutMs: 600_000 }],
    });
    const deadline = graph.nodes.fetch?.scheduleDeadline as number;
    await page.goto(`${base}/graphs/${encodeURIComponent(id)}`);
    await page.locator('[data-node-id="fetch"][data-status="ready"]').click();
    const wait = page.getByTestId("node-panel").getByTestId("worker-wait");
    // The live count arrives with the worker registry; the note is complete once it says "none live".
    await wait.getByText(/none live/).waitFor();
    const clock = await page.evaluate((at) => {
      const d = new Date(at);
      const pad = (n: number, w = 2) => String(n).padStart(w, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
        d.getMinutes(),
      )}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    }, deadline);
    expect(await wait.textContent()).toBe(
      `Waiting for a worker serving type fetch-page with capabilities gpu (none live; fails with no_worker at ${clock}).`,
    );
  });

  it("shows the no_worker failure once nobody took the node in time", async () => {
    const { id } = await submit({
      name: "gives-up",
      nodes: [{ id: "fetch", type: "fetch-page", scheduleTimeoutMs: 300 }],
    });
    await page.goto(`${base}/graphs/${encodeURIComponent(id)}`);
    await page.locator('[data-node-id="fetch"][data-status="failed"]').click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("note", { name: "Error" }).getByText("no_worker").waitFor();
    expect(await panel.getByTestId("worker-wait").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
