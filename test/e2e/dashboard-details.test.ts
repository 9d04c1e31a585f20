// What the dashboard tells a user about a graph, checked in a real headless Chromium against a real dago whose
// llm nodes call a fake Anthropic API on loopback: a failed graph's progress says it failed, the node panel shows
// the prompt exactly as the model received it, a node retried by hand has a true attempt text, cancelling asks
// first, and the graph list filters by state (kept in the address) and pages past its newest 50.
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import { type ExecutionContext, type Executor, NodeExecutionError } from "../../internal/worker/executor.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { waitUntil } from "../helpers/wait-until.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const ARTIFACTS = join(ROOT, "test-artifacts");

/** Always fails for good. */
class BoomExecutor implements Executor {
  readonly type = "boom";

  async execute(): Promise<unknown> {
    throw new NodeExecutionError("planned_failure", "this node always fails", { retryable: false });
  }
}

/** Fails (retryably) the first two runs of each node, then succeeds: exhausts a two-attempt policy once. */
class FailTwiceExecutor implements Executor {
  readonly type = "fail-twice";
  private readonly runs = new Map<string, number>();

  async execute(context: ExecutionContext): Promise<unknown> {
    const key = `${context.graphId}/${context.nodeId}`;
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    if (run <= 2) throw new NodeExecutionError("flaky", `run ${run} fails`, { retryable: true });
    return "third time lucky";
  }
}

/** Runs until its attempt is aborted: a node that only a cancel ends. */
class HoldExecutor implements Executor {
  readonly type = "hold";

  execute(context: ExecutionContext): Promise<unknown> {
    return new Promise((_resolve, reject) => {
      context.signal.addEventListener("abort", () => reject(context.signal.reason), { once: true });
    });
  }
}

let fake: FakeAnthropicServer;
let dago: RunningDago;
let browser: Browser;
let page: Page;
let base: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  fake = await new FakeAnthropicServer().start();
  dago = await startDashboardDago([new BoomExecutor(), new FailTwiceExecutor(), new HoldExecutor()], {
    LLM_PROVIDER: "anthropic",
    LLM_API_KEY: "sk-test",
    LLM_BASE_URL: fake.url,
  });
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await dago?.stop(0);
  await fake?.close();
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

const graphStatus = async (id: string) => (await dago.service.get("default", id)).status;
const openGraph = async (id: string) => {
  await page.goto(`${base}/graphs/${encodeURIComponent(id)}`);
  await page.getByText("following live").waitFor();
};
const openNode = async (id: string) => {
  await page.locator(`[data-node-id="${id}"]`).click();
  const panel = page.getByTestId("node-panel");
  await panel.getByRole("heading", { name: new RegExp(`Node ${id}`) }).waitFor();
  return panel;
};
const fact = (scope: ReturnType<Page["locator"]>, term: string) =>
  scope.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd");
const shoot = async (name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(10_000);
};

describe("the dashboard's details", () => {
  let failedId = "";
  let heldId = "";

  it("shows a failed graph's progress as what happened, with no full bar", async () => {
    failedId = await submit({
      name: "fails-midway",
      nodes: [
        { id: "first", type: "noop" },
        { id: "breaks", type: "boom", dependsOn: ["first"] },
        { id: "after", type: "noop", dependsOn: ["breaks"] },
      ],
    });
    await openGraph(failedId);
    await page.waitForSelector("h1 .badge.status-failed");
    const progress = page.locator(".summary").getByTestId("progress");
    await progress.getByText("1 of 3 succeeded · 1 failed · 1 cancelled").waitFor();
    // Each segment's share of the drawn bar: a third each, so success fills a third, not the whole bar.
    const segments = await progress.locator("[data-outcome]").evaluateAll((els) =>
      els.map((el) => {
        const bar = el.parentElement?.getBoundingClientRect().width ?? 0;
        return [el.getAttribute("data-outcome"), Math.round((el.getBoundingClientRect().width / bar) * 100)];
      }),
    );
    expect(segments).toEqual([
      ["succeeded", 33],
      ["failed", 33],
      ["cancelled", 33],
    ]);
  });

  it("shows the prompt and system prompt exactly as the model received them, and the template", async () => {
    const id = await submit({
      name: "prompted",
      input: { topic: "event sourcing", audience: "new engineers" },
      nodes: [
        {
          id: "outline",
          type: "llm",
          system: "You write for {{input.audience}}.",
          prompt: "Outline a note on {{input.topic}}",
        },
        {
          id: "review",
          type: "llm",
          dependsOn: ["outline"],
          prompt: "Review this outline:\n{{nodes.outline.output}}\nKeep it short.",
        },
      ],
    });
    await waitUntil("the prompted graph to succeed", async () => (await graphStatus(id)) === "succeeded");
    const sent = fake.requests.map(
      (r) => r.body as { system?: string; messages: Array<{ content: string }> },
    );
    const outline = sent.find((b) => b.messages[0]?.content.startsWith("Outline"));
    const review = sent.find((b) => b.messages[0]?.content.startsWith("Review"));
    expect(outline?.system).toBe("You write for new engineers.");
    expect(review?.messages[0]?.content).toContain("Echo: Outline a note on event sourcing");

    await openGraph(id);
    let panel = await openNode("outline");
    expect(await panel.getByTestId("node-system-prompt").textContent()).toBe(outline?.system);
    expect(await panel.getByTestId("node-prompt").textContent()).toBe(outline?.messages[0]?.content);
    panel = await openNode("review");
    expect(await panel.getByTestId("node-prompt").textContent()).toBe(review?.messages[0]?.content);
    expect(await panel.getByTestId("node-prompt-note").textContent()).toBe("as sent to the model");
    await panel.getByText("Template").click();
    expect(await panel.getByTestId("node-prompt-template").textContent()).toBe(
      "Review this outline:\n{{nodes.outline.output}}\nKeep it short.",
    );
    await shoot("dashboard-node-panel.png");
  });

  it("says a node retried by hand was retried, not 'attempt 3 of 2'", async () => {
    const id = await submit({
      name: "retried-by-hand",
      nodes: [
        { id: "flaky", type: "fail-twice", retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 } },
      ],
    });
    await openGraph(id);
    await page.waitForSelector("h1 .badge.status-failed");
    const panel = await openNode("flaky");
    expect(await fact(panel, "Attempt").textContent()).toBe("2 of 2");
    await panel.getByRole("button", { name: "Retry node" }).click();
    await page.waitForSelector("h1 .badge.status-succeeded");
    await page.waitForSelector('[data-node-id="flaky"][data-status="succeeded"]');
    // The panel renders the node's new state together with its badge in the diagram.
    expect(await fact(panel, "Attempt").textContent()).toBe("3 (retried by hand; policy allows 2 per run)");
    expect(await fact(panel, "Failed attempts").textContent()).toBe("0 of 2 allowed");
  });

  it("asks before cancelling: Escape keeps the graph running, confirming cancels it", async () => {
    heldId = await submit({
      name: "held",
      nodes: [
        { id: "hold", type: "hold" },
        { id: "summary", type: "llm", dependsOn: ["hold"], prompt: "Summarise {{nodes.hold.output}}" },
      ],
    });
    await openGraph(heldId);
    await page.waitForSelector('[data-node-id="hold"][data-status="running"]');
    const panel = await openNode("summary");
    await panel
      .getByText("Cannot be rendered yet: it reads the output of hold, which has not succeeded yet.")
      .waitFor();
    expect(await panel.getByTestId("node-prompt-template").textContent()).toBe(
      "Summarise {{nodes.hold.output}}",
    );

    await page.locator(".controls").getByRole("button", { name: "Cancel graph" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel graph “held”?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(heldId);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await graphStatus(heldId)).toBe("running");
    expect(await page.locator("h1 .badge").textContent()).toBe("running");

    await page.locator(".controls").getByRole("button", { name: "Cancel graph" }).click();
    await dialog.getByRole("button", { name: "Keep running" }).waitFor();
    await dialog.getByRole("button", { name: "Cancel graph" }).click();
    await page.waitForSelector("h1 .badge.status-cancelled");
    expect(await graphStatus(heldId)).toBe("cancelled");
  });

  it("filters the list by state in the address and pages past the newest 50, rows still live", async () => {
    const runningOld = await submit({ name: "old-and-running", nodes: [{ id: "hold", type: "hold" }] });
    const small: string[] = [];
    for (let i = 0; i < 60; i += 10) {
      small.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, (_, k) =>
            submit({ name: `small-${i + k}`, nodes: [{ id: "n", type: "noop" }] }),
          ),
        )),
      );
    }
    await waitUntil("the small graphs to succeed", async () =>
      (await Promise.all(small.map(graphStatus))).every((s) => s === "succeeded"),
    );

    await page.goto(`${base}/`);
    const rows = page.locator("tr[data-graph-id]");
    await page.getByTestId("graph-list-caption").getByText("50 most recent graphs, newest first.").waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.locator(`tr[data-graph-id="${runningOld}"]`).count()).toBe(0);
    await page.getByRole("button", { name: "Show older graphs" }).click();
    const oldRow = page.locator(`tr[data-graph-id="${runningOld}"]`);
    await oldRow.waitFor();
    // 60 small graphs, the held one and the four of the tests before.
    await page.getByTestId("graph-list-caption").getByText("65 graphs, newest first.").waitFor();
    expect(await page.getByRole("button", { name: "Show older graphs" }).count()).toBe(0);
    await page
      .locator(`tr[data-graph-id="${failedId}"]`)
      .getByText("1 of 3 succeeded · 1 failed · 1 cancelled")
      .waitFor();

    // A row of the older page still follows its graph live.
    expect(await oldRow.getAttribute("data-status")).toBe("running");
    await dago.service.cancel("default", runningOld);
    await page.waitForSelector(`tr[data-graph-id="${runningOld}"][data-status="cancelled"]`);
    await oldRow.getByText("0 of 1 succeeded · 1 cancelled").waitFor();
    await shoot("dashboard-list.png");

    await page
      .getByRole("navigation", { name: "Filter by state" })
      .getByRole("link", { name: "failed" })
      .click();
    await page.waitForURL(/\?status=failed$/);
    await page.getByTestId("graph-list-caption").getByText("1 failed graph, newest first.").waitFor();
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-graph-id")))).toEqual([
      failedId,
    ]);

    // Kept by a reload, and a graph failing now joins the filtered list live.
    await page.reload();
    await page.getByTestId("graph-list-caption").getByText("1 failed graph, newest first.").waitFor();
    const link = page
      .getByRole("navigation", { name: "Filter by state" })
      .getByRole("link", { name: "failed" });
    expect(await link.getAttribute("aria-current")).toBe("page");
    const another = await submit({ name: "fails-too", nodes: [{ id: "breaks", type: "boom" }] });
    await page.waitForSelector(`tr[data-graph-id="${another}"][data-status="failed"]`);
    await page.getByTestId("graph-list-caption").getByText("2 failed graphs, newest first.").waitFor();

    await page
      .getByRole("navigation", { name: "Filter by state" })
      .getByRole("link", { name: "cancelled" })
      .click();
    await page.waitForSelector(`tr[data-graph-id="${heldId}"]`);
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-status")))).toEqual([
      "cancelled",
      "cancelled",
    ]);
    expect(pageErrors).toEqual([]);
  });
});
