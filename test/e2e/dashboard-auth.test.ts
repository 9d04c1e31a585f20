// The web dashboard against a dago that requires API keys, in a real headless Chromium: it asks for a key, says so
// when the key is wrong, shows only the key's tenant's graphs once signed in, follows a graph live over the
// WebSocket (which a browser can only authenticate through the subprotocol), keeps the key for the tab across a
// reload, forgets it on sign-out, and asks again when a stored key is refused.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";

const ACME_KEY = "acme-dashboard-key-0001";
const GLOBEX_KEY = "globex-dashboard-key-01";

/** A node the test holds running, so its status can change while the page is open. */
class GateExecutor implements Executor {
  readonly type = "gate";
  private open: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  started = false;

  async execute(_context: ExecutionContext): Promise<unknown> {
    this.started = true;
    await this.opened;
    return "the gate opened";
  }

  release(): void {
    this.open();
  }
}

let dago: RunningDago;
let browser: Browser;
let page: Page;
let base = "";
let acmeGraph = "";
let globexGraph = "";
const gate = new GateExecutor();
const pageErrors: string[] = [];

async function submit(key: string, spec: object): Promise<string> {
  const res = await fetch(`${base}/api/v1/graphs`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** What the page keeps in the tab's storage and in the browser's lasting storage (run in the page). */
const storedKeys = () =>
  page.evaluate("({ session: { ...sessionStorage }, local: localStorage.length })") as Promise<{
    session: Record<string, string>;
    local: number;
  }>;

beforeAll(async () => {
  dago = await startDashboardDago([gate], { DAGO_API_KEYS: `acme=${ACME_KEY},globex=${GLOBEX_KEY}` });
  base = `http://127.0.0.1:${dago.httpPort}`;
  acmeGraph = await submit(ACME_KEY, {
    name: "acme-launch-plan",
    nodes: [
      { id: "gate", type: "gate" },
      { id: "after", type: "noop", dependsOn: ["gate"] },
    ],
  });
  globexGraph = await submit(GLOBEX_KEY, {
    name: "globex-secret-plan",
    nodes: [{ id: "only", type: "noop" }],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  gate.release();
  await browser?.close();
  await dago?.stop(0);
});

describe("the web dashboard with API keys", () => {
  it("asks for an API key, and says so when the key is wrong", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const input = page.getByLabel("API key");
    expect(await input.getAttribute("type")).toBe("password");
    // The key goes in at once: the form has the focus.
    expect(await page.evaluate("document.activeElement?.id")).toBe("api-key");
    expect(await page.getByRole("heading", { name: "Graphs" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);

    await input.fill("not-a-key-of-this-server");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not accepted/);
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await storedKeys()).toEqual({ session: {}, local: 0 });
  });

  it("shows the graphs of the key's tenant, and none of another tenant", async () => {
    await page.getByLabel("API key").fill(ACME_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Graphs" }).waitFor();
    expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
    const row = page.locator(`tr[data-graph-id="${acmeGraph}"]`);
    await row.getByText("acme-launch-plan").waitFor();
    // The list came in one answer: the acme row is there, so a globex row would be too.
    expect(await page.locator(`tr[data-graph-id="${globexGraph}"]`).count()).toBe(0);
    expect(await page.getByRole("main").textContent()).not.toContain("globex-secret-plan");
    // Kept for the tab only.
    expect(await storedKeys()).toEqual({ session: { "dago.apiKey": ACME_KEY }, local: 0 });
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });

  it("follows the graph live over the WebSocket", async () => {
    await page
      .locator(`tr[data-graph-id="${acmeGraph}"]`)
      .getByRole("link", { name: "acme-launch-plan" })
      .click();
    await page.getByRole("heading", { name: /acme-launch-plan/ }).waitFor();
    await page.waitForSelector('[data-connection="live"]');
    await page.getByText("following live").waitFor();
    await page.waitForSelector('[data-node-id="gate"][data-status="running"]');
    expect(gate.started).toBe(true);

    // Only the live connection can bring this: the page loaded the graph with the gate running.
    gate.release();
    await page.waitForSelector('[data-node-id="gate"][data-status="succeeded"]');
    await page.waitForSelector('[data-node-id="after"][data-status="succeeded"]');
    await page.waitForSelector("h1 .badge.status-succeeded");
  });

  it("stays signed in across a reload of the tab, and forgets the key on sign-out", async () => {
    await page.reload();
    await page.getByRole("heading", { name: /acme-launch-plan/ }).waitFor();
    await page.waitForSelector('[data-connection="live"]');
    expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await storedKeys()).toEqual({ session: {}, local: 0 });
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: /acme-launch-plan/ }).count()).toBe(0);
  });

  it("forgets a stored key the server refuses, says so, and goes on once a valid key is entered", async () => {
    await page.evaluate("sessionStorage.setItem('dago.apiKey', 'revoked-key-0123456789')");
    await page.goto(`${base}/`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/refused the API key/);
    expect(await storedKeys()).toEqual({ session: {}, local: 0 });

    // The list's call waited behind the form and is made again with the new key.
    await page.getByLabel("API key").fill(ACME_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector(`tr[data-graph-id="${acmeGraph}"][data-status="succeeded"]`);
    await page.waitForSelector('[data-connection="live"]');
    expect(pageErrors).toEqual([]);
  });
});
