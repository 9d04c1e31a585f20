// `dago serve` stopped with SIGTERM while it runs two nodes: it stops taking work at once (new HTTP and gRPC
// connections are refused, WebSocket clients are closed with 1001 going-away), lets the short node finish within
// DAGO_SHUTDOWN_GRACE_MS, hands the long one back, and exits 0. The lease is a minute long, so only the hand-back
// can explain that another worker runs the long node's next attempt within seconds.
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import type { GraphEvent } from "../../internal/domain/events.js";
import { compareStreamIdTexts } from "../../internal/domain/stream-id.js";
import { checkGraphs } from "../../internal/store/check/index.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { nodeTrail, TAKEN_OVER_TRAIL } from "../helpers/node-trail.js";

const LEASE_MS = 60_000;
const GRACE_MS = 5000;

let h: Harness;
let fake: FakeAnthropicServer;
const processes: DagoProcess[] = [];

beforeAll(async () => {
  h = await createHarness({ engine: { leaseMs: LEASE_MS } });
  fake = await new FakeAnthropicServer().start();
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  await h.close();
  await fake.close();
});

type LogLine = Record<string, unknown> & { msg?: string };

function logLines(p: DagoProcess): LogLine[] {
  return p
    .output()
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

async function waitForLog(p: DagoProcess, msg: string, timeoutMs = 30_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = logLines(p).find((l) => l.msg === msg);
    if (line) return line;
    if (p.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "${msg}" in the log:\n${p.output()}`);
}

function start(args: string[], env: Record<string, string>): DagoProcess {
  const p = spawnDago(args, {
    DAGO_KEY_PREFIX: h.keyPrefix,
    DAGO_PARTITIONS: "4",
    DAGO_LEASE_MS: String(LEASE_MS),
    DAGO_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    DAGO_HTTP_HOST: "127.0.0.1",
    DAGO_HTTP_PORT: "0",
    LLM_PROVIDER: "mock",
    ANTHROPIC_API_KEY: "sk-ant-test-key-0123456789",
    ANTHROPIC_BASE_URL: fake.url,
    LLM_BREAKER_FAILURES: "0",
    ...env,
  });
  processes.push(p);
  return p;
}

/** A request on a connection of its own: an HTTP keep-alive pool would hide a closed listener. */
function freshRequest(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/health", agent: false }, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode}`);
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

function tcpConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

it("finishes the short node, hands the long one back, says going-away and exits 0", async () => {
  // The short node's provider answers in about a second; the long node's mock model takes ten minutes.
  fake.fallback = () => ({ kind: "answer", text: "short answer", chunks: 4, chunkDelayMs: 300 });
  const serve = start(["serve"], { DAGO_WORKER_ID: "stopping", MOCK_LLM_LATENCY_MS: "600000" });
  const httpPort = Number((await waitForLog(serve, "HTTP API listening")).port);
  const grpcPort = Number((await waitForLog(serve, "gRPC API listening")).port);
  const base = `http://127.0.0.1:${httpPort}`;

  const res = await fetch(`${base}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "sigterm-handoff",
      nodes: [
        // One attempt only: a hand-back must not spend it.
        { id: "long", type: "llm", prompt: "take your time", retry: { maxAttempts: 1 } },
        { id: "short", type: "llm", provider: "anthropic", prompt: "quick" },
        { id: "join", type: "noop", dependsOn: ["long", "short"] },
      ],
    }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };

  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/api/v1/ws`);
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => ws.send(JSON.stringify({ op: "subscribe", sub: "s1", graphs: [id] })));
    ws.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === "subscribed") resolve();
    });
    ws.once("error", reject);
  });

  await h.waitFor(
    id,
    (s) => s.nodes.long?.status === "running" && s.nodes.short?.status === "running",
    30_000,
  );
  // Another worker (its mock model answers at once) is up before the signal, with nothing to do until the
  // hand-back: both nodes are running on the process about to stop.
  await h.startWorker({ id: "rescuer" });

  serve.child.kill("SIGTERM");
  expect(await closed).toBe(1001);
  // The process is still in its grace period (the long node cannot finish), yet takes no new connection.
  expect(await freshRequest(httpPort)).toBe("ECONNREFUSED");
  expect(await tcpConnect(grpcPort)).toBe("ECONNREFUSED");
  expect(serve.child.exitCode).toBeNull();

  expect(await serve.exited).toBe(0);
  const stopping = await waitForLog(serve, "worker pool stopping");
  expect(stopping).toMatchObject({ running: 2, graceMs: GRACE_MS });
  expect(await waitForLog(serve, "handed running nodes back")).toMatchObject({ handedBack: 1, running: 1 });

  const state = await h.waitForEnd(id, 30_000);
  expect(state.status).toBe("succeeded");
  expect(state.nodes.short).toMatchObject({ status: "succeeded", attempt: 1, worker: "stopping" });
  expect(state.nodes.long).toMatchObject({ status: "succeeded", attempt: 2, failures: 0, worker: "rescuer" });
  expect(state.nodes.join).toMatchObject({ status: "succeeded", worker: "rescuer" });

  const events = await h.events(id);
  expect(nodeTrail(events, "short")).toEqual(["NodeReady#1", "NodeStarted#1", "NodeCompleted#1"]);
  expect(nodeTrail(events, "long")).toEqual(TAKEN_OVER_TRAIL);
  const handedBack = events.find((e) => e.type === "NodeRetrying");
  expect(handedBack?.data).toMatchObject({ released: true, error: { code: "worker_stopping" } });
  // The short node was running at the signal (the log above) and ended before the hand-back.
  const shortDone = events.find((e) => e.type === "NodeCompleted" && e.nodeId === "short") as GraphEvent;
  expect(compareStreamIdTexts(shortDone.id, (handedBack as GraphEvent).id)).toBeLessThan(0);

  const { folded, stored } = await h.expectFoldMatches(id);
  expect(folded).toEqual(stored);
  const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id, requireTerminal: true });
  expect(report.violations).toEqual([]);
});
