// The dashboard's approvals, in a real headless Chromium against a real dago: the inbox lists a waiting approval
// as soon as it waits (live, without a reload), the graph view's decision form is generated from the node's
// schema and shows the server's problems next to their fields, an approval with valid data lets the graph
// succeed and empties the inbox (the open inbox too), and a rejection with a comment fails the node.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";

let dago: RunningDago;
let browser: Browser;
let inbox: Page;
let page: Page;
let base = "";
const pageErrors: string[] = [];

beforeAll(async () => {
  dago = await startDashboardDago([]);
  base = `http://127.0.0.1:${dago.httpPort}`;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  inbox = await context.newPage();
  page = await context.newPage();
  for (const p of [inbox, page]) {
    p.setDefaultTimeout(30_000);
    p.on("pageerror", (err) => pageErrors.push(err.message));
  }
});

afterAll(async () => {
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

const releaseGraph = (name: string) => ({
  name,
  input: { version: "2.4" },
  nodes: [
    { id: "build", type: "noop" },
    {
      id: "review",
      type: "approval",
      dependsOn: ["build"],
      prompt: "Ship version {{input.version}}?",
      timeoutMs: 3_600_000,
      schema: {
        type: "object",
        required: ["channel"],
        properties: {
          channel: { enum: ["stable", "beta"] },
          copies: { type: "integer", minimum: 1 },
          notify: { type: "boolean" },
        },
      },
    },
    { id: "publish", type: "noop", dependsOn: ["review"] },
  ],
});

const inboxRow = (id: string) => inbox.locator(`[data-testid="approvals"] tr[data-graph-id="${id}"]`);

describe("the approvals inbox and the decision form", () => {
  it("lists a waiting approval live, refuses invalid data field by field, and approves valid data", async () => {
    await inbox.goto(`${base}/approvals`);
    await inbox.getByTestId("approvals-empty").waitFor();

    const id = await submit(releaseGraph("release"));
    // The inbox follows the tenant's events: the row appears without a reload.
    const row = inboxRow(id);
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(cells[0]).toBe("release");
    expect(cells[1]).toBe("review");
    expect(cells[2]).toBe("Ship version 2.4?");
    expect(cells[4]).toContain("then fails");

    await inbox.bringToFront();
    await row.getByRole("link", { name: "review" }).click();
    await inbox.waitForURL(`**/graphs/${id}?node=review`);
    // The link opens the graph on the node's panel; the decision itself is made in the other tab.
    await inbox.getByTestId("node-panel").getByTestId("decision-form").waitFor();
    await inbox.goBack();
    await inbox.getByTestId("approvals").waitFor();

    await page.goto(`${base}/graphs/${encodeURIComponent(id)}?node=review`);
    await page.locator('[data-node-id="review"][data-status="waiting"]').waitFor();
    expect(await page.getByRole("list", { name: "Nodes by state" }).textContent()).toContain("waiting");
    const panel = page.getByTestId("node-panel");
    expect(await panel.getByTestId("approval-prompt").textContent()).toBe("Ship version 2.4?");
    const form = panel.getByTestId("decision-form");
    expect(await form.getByLabel(/^channel/).evaluate((el) => el.tagName)).toBe("SELECT");
    expect(await form.getByLabel(/^notify/).getAttribute("type")).toBe("checkbox");

    // Invalid: no channel (required), copies not an integer. The server's problems land next to their fields.
    await form.getByLabel(/^copies/).fill("1.5");
    await form.getByRole("button", { name: "Approve" }).click();
    const channelField = form.locator('[data-field="channel"]');
    const copiesField = form.locator('[data-field="copies"]');
    await channelField.getByTestId("field-problems").waitFor();
    expect(await channelField.getByTestId("field-problems").textContent()).toContain("channel");
    expect(await copiesField.getByTestId("field-problems").textContent()).toContain("integer");
    expect(await form.getByLabel(/^copies/).getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByTestId("decision-error").textContent()).toContain("does not match");
    expect(await page.locator('[data-node-id="review"]').getAttribute("data-status")).toBe("waiting");

    // Valid now.
    await form.getByLabel(/^channel/).selectOption({ label: "beta" });
    await form.getByLabel(/^copies/).fill("3");
    await form.getByLabel(/^notify/).check();
    await form.getByLabel("Comment").fill("ship it");
    await form.getByRole("button", { name: "Approve" }).click();
    await page.locator('[data-node-id="review"][data-status="succeeded"]').waitFor();
    await page.locator('[data-node-id="publish"][data-status="succeeded"]').waitFor();
    const record = panel.getByTestId("decision-record");
    expect(await record.textContent()).toContain("Approved by local");
    expect(await record.textContent()).toContain("“ship it”");
    expect(JSON.parse((await panel.getByTestId("node-output").textContent()) ?? "")).toMatchObject({
      approved: true,
      data: { channel: "beta", copies: 3, notify: true },
      comment: "ship it",
      by: "local",
    });

    // The open inbox saw the decision live.
    await inbox.getByTestId("approvals-empty").waitFor();
    expect(await inboxRow(id).count()).toBe(0);
  });

  it("rejects with a comment: the node fails with rejected and leaves the inbox", async () => {
    const id = await submit(releaseGraph("risky release"));
    await inboxRow(id).waitFor();

    await page.goto(`${base}/approvals`);
    await page.locator(`tr[data-graph-id="${id}"]`).getByRole("link", { name: "risky release" }).click();
    await page.waitForURL(`**/graphs/${id}`);
    await page.locator('[data-node-id="review"][data-status="waiting"]').click();
    const panel = page.getByTestId("node-panel");
    const form = panel.getByTestId("decision-form");
    await form.getByLabel("Comment").fill("not this week");
    await form.getByRole("button", { name: "Reject" }).click();
    await page.locator('[data-node-id="review"][data-status="failed"]').waitFor();
    expect(await panel.getByRole("note", { name: "Error" }).textContent()).toContain("rejected");
    expect(await panel.getByTestId("decision-record").textContent()).toContain("Rejected by local");
    expect(await page.locator('[data-node-id="publish"]').getAttribute("data-status")).not.toBe("succeeded");

    await inbox.getByTestId("approvals-empty").waitFor();
    expect(pageErrors).toEqual([]);
  });
});
