// The web dashboard in a real headless Chromium against a real dago (HTTP, WebSocket gateway, workers) on the
// suite's private Redis: submit through the form (a bad graph first), follow the graph live, pause, resume,
// stream a node's output, survive a dropped connection without showing a stale state, and look at the list
// and the workers. A TCP proxy between browser and server lets the test cut the connection at will.
import { mkdirSync, statSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDago } from "../../internal/app/start-dago.js";
import type { GraphState } from "../../internal/domain/state.js";
import { type ExecutionContext, type Executor, NodeExecutionError } from "../../internal/worker/executor.js";
import { launchChromium, startDashboardDago } from "../helpers/dashboard-browser.js";
import { waitUntil } from "../helpers/wait-until.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SCREENSHOT = join(ROOT, "test-artifacts", "dashboard-graph.png");

/** A custom node type the test holds running: it streams output and finishes only when told to. */
class GateExecutor implements Executor {
  readonly type = "gate";
  private context: ExecutionContext | undefined;
  private open: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  async execute(context: ExecutionContext): Promise<unknown> {
    this.context = context;
    await this.opened;
    return "the gate opened";
  }

  emit(text: string): void {
    if (!this.context) throw new Error("the gate node is not running");
    this.context.emitOutput(text);
  }

  release(): void {
    this.open();
  }
}

/** Fails its first run for good, succeeds afterwards: a node to retry by hand. */
class FailOnceExecutor implements Executor {
  readonly type = "fail-once";
  private runs = 0;

  async execute(): Promise<unknown> {
    this.runs += 1;
    if (this.runs === 1)
      throw new NodeExecutionError("planned_failure", "fails on its first run", { retryable: false });
    return "fine the second time";
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

/** Forwards TCP to the server; `drop` cuts every connection and refuses new ones until `restore`. */
class DroppableProxy {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private readonly server: Server;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, "127.0.0.1");
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on("error", () => b.destroy());
        a.on("close", () => {
          this.sockets.delete(a);
          b.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, "127.0.0.1", () => {
        const address = this.server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });
  }

  drop(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.up = true;
  }

  close(): Promise<void> {
    this.drop();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const BAD_GRAPH = `name: broken
nodes:
  - id: a
    type: noop
    dependsOn: [b]
  - id: b
    type: noop
    dependsOn: [a]
`;

const GRAPH = `name: dashboard-e2e
input:
  topic: event sourcing
nodes:
  - id: outline
    type: llm
    prompt: "Outline a note on {{input.topic}}"
  - id: gate
    type: gate
    dependsOn: [outline]
  - id: review
    type: llm
    dependsOn: [outline]
    prompt: "Review this outline: {{nodes.outline.output}}"
  - id: final
    type: noop
    dependsOn: [gate, review]
`;

const NODES = ["outline", "gate", "review", "final"];

let dago: RunningDago;
let proxy: DroppableProxy;
let browser: Browser;
let page: Page;
let base: string;
const gate = new GateExecutor();
const pageErrors: string[] = [];

beforeAll(async () => {
  dago = await startDashboardDago([gate, new FailOnceExecutor(), new HoldExecutor()], {
    MOCK_LLM_LATENCY_MS: "20",
  });
  proxy = new DroppableProxy(dago.httpPort as number);
  base = `http://127.0.0.1:${await proxy.listen()}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await dago?.stop(0);
});

const nodeStatus = (id: string) => page.locator(`[data-node-id="${id}"]`).getAttribute("data-status");
const waitNodeStatus = (id: string, status: string) =>
  page.waitForSelector(`[data-node-id="${id}"][data-status="${status}"]`);
const graphBadge = () => page.locator("h1 .badge");

async function submitJson(spec: object): Promise<string> {
  const res = await fetch(`${base}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("the web dashboard", () => {
  let graphId = "";

  it("refuses a bad graph inline, then submits a good one through the form", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Graphs" }).waitFor();
    await page.getByText("No graphs yet").waitFor();

    await page.getByRole("link", { name: "Submit a graph" }).click();
    await page.getByRole("heading", { name: "Submit a graph" }).waitFor();
    await page.getByLabel("Graph, as JSON or YAML").fill(BAD_GRAPH);
    const errors = page.getByTestId("spec-errors");
    await errors.locator('[data-code="cycle"]').first().waitFor();
    expect(await errors.textContent()).toMatch(/cycle/);
    await page.getByRole("button", { name: "Submit" }).click();
    await errors.waitFor();
    expect(new URL(page.url()).pathname).toBe("/submit");

    await page.getByLabel("Graph, as JSON or YAML").fill(GRAPH);
    await page.getByTestId("spec-valid").waitFor();
    expect(await page.getByTestId("spec-valid").textContent()).toContain("outline → gate, review → final");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForURL(/\/graphs\/[^/]+$/);
    graphId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() as string);
    await page.getByRole("heading", { name: /dashboard-e2e/ }).waitFor();
    await page.getByText("following live").waitFor();
    for (const id of NODES) await page.locator(`[data-node-id="${id}"]`).waitFor();
  });

  it("follows the graph live, streams a running node's output, and pauses", async () => {
    await waitNodeStatus("outline", "succeeded");
    await waitNodeStatus("gate", "running");
    await page.locator('[data-node-id="gate"]').click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("heading", { name: /Node gate/ }).waitFor();

    // The worker publishes the executor's output as deltas; the gateway relays them to this page.
    gate.emit("Waiting for ");
    gate.emit("the test to open the gate…");
    await page
      .locator('[data-testid="node-stream"]', { hasText: /^Waiting for the test to open the gate…$/ })
      .waitFor();

    await page.getByRole("button", { name: "Pause" }).click();
    await page.waitForSelector("h1 .badge.status-paused");
    expect(await page.getByRole("button", { name: "Resume" }).isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Pause" }).isDisabled()).toBe(true);
  });

  it("shows what happened while the connection was down once it is back, never the state before", async () => {
    await page.waitForSelector('[data-connection="live"]');
    proxy.drop();
    await page.waitForSelector('[data-connection="reconnecting"]');

    gate.release();
    const changed = await waitUntil("the gate to finish while the page is cut off", async () => {
      const state: GraphState = await dago.service.get("default", graphId);
      return state.nodes.gate?.status === "succeeded" && state.nodes.review?.status === "succeeded"
        ? state
        : undefined;
    });
    expect(changed.status).toBe("paused");
    expect(await nodeStatus("gate")).toBe("running");

    proxy.restore();
    await page.waitForSelector('[data-connection="live"]');
    await waitNodeStatus("gate", "succeeded");
    await page.getByTestId("node-output").getByText("the gate opened").waitFor();
    await page.getByText("following live").waitFor();
    // Paused: the last node became ready but must not start.
    expect(["pending", "ready"]).toContain(await nodeStatus("final"));
    expect(await graphBadge().textContent()).toBe("paused");
  });

  it("resumes, and every node turns succeeded", async () => {
    await page.getByRole("button", { name: "Resume" }).click();
    await page.waitForSelector("h1 .badge.status-succeeded");
    for (const id of NODES) await waitNodeStatus(id, "succeeded");

    const log = page.getByTestId("event-log");
    for (const type of ["GraphPaused", "GraphResumed", "GraphCompleted"]) {
      await log.locator(`tr[data-event-type="${type}"]`).first().waitFor();
    }
  });

  it("opens a node from the keyboard and shows its prompt, output and tokens", async () => {
    await page.locator('[data-node-id="outline"]').focus();
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("heading", { name: /Node outline/ }).waitFor();
    expect(await panel.getByTestId("node-prompt").textContent()).toBe("Outline a note on event sourcing");
    expect(await panel.getByTestId("node-prompt-template").textContent()).toBe(
      "Outline a note on {{input.topic}}",
    );
    expect(await page.getByTestId("node-output").textContent()).toMatch(
      /^Mock response \w+ to: Outline a note/,
    );
    await panel.getByText("Input tokens").waitFor();
    await panel.getByText("Output tokens").waitFor();

    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it("retries a failed node, and cancels a graph", async () => {
    const failed = await submitJson({
      name: "retry-me",
      nodes: [
        { id: "flaky", type: "fail-once" },
        { id: "after", type: "noop", dependsOn: ["flaky"] },
      ],
    });
    // Opened by its address, as from a bookmark: the server answers the page for it.
    await page.goto(`${base}/graphs/${encodeURIComponent(failed)}`);
    await page.waitForSelector("h1 .badge.status-failed");
    await page.locator('[data-node-id="flaky"]').click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("note", { name: "Error" }).getByText("planned_failure").waitFor();
    await panel.getByRole("button", { name: "Retry node" }).click();
    await page.waitForSelector("h1 .badge.status-succeeded");
    await waitNodeStatus("flaky", "succeeded");
    await waitNodeStatus("after", "succeeded");
    await page.getByTestId("node-output").getByText("fine the second time").waitFor();

    const held = await submitJson({
      name: "cancel-me",
      nodes: [
        { id: "hold", type: "hold" },
        { id: "next", type: "noop", dependsOn: ["hold"] },
      ],
    });
    await page.goto(`${base}/graphs/${encodeURIComponent(held)}`);
    await waitNodeStatus("hold", "running");
    await page.getByRole("button", { name: "Cancel graph" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel graph" }).click();
    await page.waitForSelector("h1 .badge.status-cancelled");
    await waitNodeStatus("hold", "cancelled");
    await waitNodeStatus("next", "cancelled");
    expect(await page.getByRole("button", { name: "Cancel graph" }).isDisabled()).toBe(true);
  });

  it("lists the graph as succeeded with its progress, and shows the workers", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Graphs" }).click();
    const row = page.locator(`tr[data-graph-id="${graphId}"]`);
    await page.waitForSelector(`tr[data-graph-id="${graphId}"][data-status="succeeded"]`);
    await row.getByText("4 of 4 succeeded").waitFor();

    // A graph submitted elsewhere shows up and finishes on this page without a reload.
    const id = await submitJson({ name: "from-elsewhere", nodes: [{ id: "only", type: "noop" }] });
    await page.waitForSelector(`tr[data-graph-id="${id}"][data-status="succeeded"]`);
    await page.locator(`tr[data-graph-id="${id}"]`).getByText("1 of 1 succeeded").waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workers" }).click();
    const workers = page.getByTestId("workers");
    await workers.waitFor();
    expect(await workers.textContent()).toContain("gate");
    expect(await page.getByTestId("workers-summary").textContent()).toMatch(/1 worker, \d+ of 5 slots busy/);
    expect(pageErrors).toEqual([]);
  });
});
