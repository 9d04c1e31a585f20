// What a submission says about nodes nobody can run, over HTTP, gRPC and the CLI, against a real worker registry:
// a misspelt built-in type is refused with a suggestion; a type or capability no live worker serves is accepted
// with a warning.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cmd/cli/run.js";
import type { GraphState, NodeState } from "../../internal/domain/state.js";
import { DagoGrpcClient } from "../../pkg/grpc-client.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
let servers: ApiServers;
let grpc: DagoGrpcClient;

beforeAll(async () => {
  h = await createHarness();
  // A worker with a custom type one slip from "llm": that exact type must stay accepted.
  await h.startWorker({ executors: [{ type: "llm2", execute: async () => "ok" }] });
  servers = await startApiServers(h);
  grpc = new DagoGrpcClient({ address: servers.grpcAddress, timeoutMs: 10_000 });
});

afterAll(async () => {
  grpc?.close();
  await servers?.close();
  await h?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are what the assertions check.
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${servers.httpUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const UNSERVED = { name: "unserved", nodes: [{ id: "fetch", type: "fetch-page" }] };

describe("a misspelt built-in type", () => {
  it("is refused over HTTP with a suggestion", async () => {
    const answer = await post("/api/v1/graphs", {
      name: "typo",
      nodes: [{ id: "ask", type: "lm", prompt: "hi" }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("validation_failed");
    expect(answer.body.error.details).toEqual([
      {
        code: "unknown_type",
        message: 'unknown node type "lm": did you mean "llm"? (no worker serves "lm")',
        nodeId: "ask",
        path: "/nodes/0/type",
        suggestion: "llm",
      },
    ]);
  });

  it("is accepted when a live worker serves that exact type", async () => {
    const answer = await post("/api/v1/graphs", { name: "own", nodes: [{ id: "a", type: "llm2" }] });
    expect(answer.status).toBe(201);
    expect(answer.body.warnings).toEqual([]);
  });
});

describe("a node no live worker serves", () => {
  it("is accepted over HTTP with a warning", async () => {
    const answer = await post("/api/v1/graphs", UNSERVED);
    expect(answer.status).toBe(201);
    expect(answer.body.warnings).toEqual([
      {
        code: "no_worker_for_type",
        message: 'no live worker serves type "fetch-page": the node waits until one registers it',
        nodeId: "fetch",
        nodeIds: ["fetch"],
        type: "fetch-page",
        capabilities: [],
      },
    ]);
  });

  it("gets the warning from the validate endpoint too", async () => {
    const answer = await post("/api/v1/dag/validate", {
      name: "caps",
      nodes: [{ id: "gpu", type: "noop", requires: ["gpu"] }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(true);
    expect(answer.body.warnings).toEqual([
      expect.objectContaining({ code: "no_worker_with_capabilities", nodeId: "gpu", capabilities: ["gpu"] }),
    ]);
  });

  it("is accepted over gRPC with a warning", async () => {
    const submitted = await grpc.submit(UNSERVED);
    expect(submitted.created).toBe(true);
    expect(submitted.warnings).toEqual([
      {
        code: "no_worker_for_type",
        message: 'no live worker serves type "fetch-page": the node waits until one registers it',
        nodeId: "fetch",
        nodeIds: ["fetch"],
        type: "fetch-page",
        capabilities: [],
      },
    ]);
    const typo = await grpc.validate({ name: "typo", nodes: [{ id: "a", type: "nop" }] });
    expect(typo.errors).toEqual([expect.objectContaining({ code: "unknown_type", suggestion: "noop" })]);
  });

  it("is shown by dago status with what it waits for", async () => {
    const submitted = await post("/api/v1/graphs", {
      name: "waits",
      nodes: [{ id: "fetch", type: "fetch-page", requires: ["gpu"], scheduleTimeoutMs: 600_000 }],
    });
    const { id } = submitted.body as { id: string };
    const view = (await (await fetch(`${servers.httpUrl}/api/v1/graphs/${id}`)).json()) as GraphState;
    const node = view.nodes.fetch as NodeState;
    expect(node).toMatchObject({
      status: "ready",
      requires: ["gpu"],
      scheduleTimeoutMs: 600_000,
    });
    const deadline = node.scheduleDeadline as number;
    expect(deadline).toBe((node.readyAt as number) + 600_000);
    const gotOverGrpc = await grpc.get(id);
    expect(gotOverGrpc.nodes.fetch).toMatchObject({ requires: ["gpu"], scheduleDeadline: deadline });

    let stdout = "";
    const code = await run(["status", id, "--url", servers.httpUrl], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: {},
    });
    expect(code).toBe(0);
    const at = new Date(deadline);
    const clock = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0"));
    const line = stdout.split("\n").find((l) => l.trimStart().startsWith("fetch"));
    expect(line).toMatch(
      new RegExp(
        '^  fetch  ready      waiting for a worker serving type "fetch-page" with capabilities gpu \\(none live; ' +
          `fails with no_worker at ${clock.join(":")}, in \\d+m\\d{2}s\\)$`,
      ),
    );
  });

  it("is printed by dago submit on stderr, and the exit code stays 0", async () => {
    let stdout = "";
    let stderr = "";
    const code = await run(["submit", "-", "--url", servers.httpUrl], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: Readable.from([JSON.stringify(UNSERVED)]),
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[0-9a-hjkmnp-tv-z]{26}-\d+\n$/);
    expect(stderr).toBe(
      'dago: warning: no_worker_for_type: node fetch: no live worker serves type "fetch-page": the node waits ' +
        "until one registers it\n",
    );
  });
});
