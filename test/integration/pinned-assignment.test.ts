// Pinning a node to a worker (the node's `worker` field) and moving a node that has not started
// (POST .../nodes/{nodeId}/assign): a pinned node runs only on its worker, a moved ready node runs once, on the
// new worker, and the workers view counts what each ran.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor } from "../../internal/worker/executor.js";
import { DagoApiError, DagoClient } from "../../pkg/index.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
let servers: ApiServers;
let client: DagoClient;
/** Executions of the `count` type, per worker name. */
const runs: string[] = [];

function countingExecutor(worker: string): Executor {
  return {
    type: "count",
    execute: async (ctx) => {
      runs.push(`${worker}:${ctx.nodeId}`);
      return { ranOn: worker };
    },
  };
}

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ id: "box-a", name: "gpu-1", executors: [countingExecutor("gpu-1")] });
  await h.startWorker({ id: "box-b", name: "cpu-1", executors: [countingExecutor("cpu-1")] });
  servers = await startApiServers(h);
  client = new DagoClient({ baseUrl: servers.httpUrl });
});

afterAll(async () => {
  await servers?.close();
  await h?.close();
});

describe("pinned nodes", () => {
  it("runs a pinned node only on its worker, by name or by id", async () => {
    const nodes = Array.from({ length: 6 }, (_, i) => ({
      id: `n${i}`,
      type: i % 2 === 0 ? "count" : "noop",
      worker: i < 3 ? "gpu-1" : "box-b",
    }));
    const { graph } = await client.submit({ name: "pinned", nodes });
    const state = await h.waitForEnd(graph.id);
    expect(state.status).toBe("succeeded");
    for (const node of nodes) {
      expect(state.nodes[node.id]?.worker, node.id).toBe(node.worker === "gpu-1" ? "box-a" : "box-b");
      expect(state.nodes[node.id]?.assignedWorker).toBe(node.worker);
    }
    const { folded, stored } = await h.expectFoldMatches(graph.id);
    expect(folded).toEqual(stored);
  });

  it("moves a ready node to another worker before it starts: it runs once, there", async () => {
    runs.length = 0;
    // Pinned to a worker no one runs: it waits ready in that worker's stream.
    const { graph } = await client.submit({
      name: "moved",
      nodes: [
        { id: "job", type: "count", worker: "gone-1" },
        { id: "after", type: "noop", dependsOn: ["job"] },
      ],
    });
    const ready = await h.waitFor(graph.id, (s) => s.nodes.job?.status === "ready");
    expect(ready.nodes.job?.attempt).toBe(1);
    const moved = await client.assignNode(graph.id, "job", "cpu-1");
    expect(moved.nodes.job).toMatchObject({ assignedWorker: "cpu-1", attempt: 2 });
    const state = await h.waitForEnd(graph.id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.job).toMatchObject({ worker: "box-b", output: { ranOn: "cpu-1" } });
    expect(runs).toEqual(["cpu-1:job"]);
    const events = await h.events(graph.id);
    const assigned = events.filter((e) => e.type === "NodeAssigned");
    expect(assigned.map((e) => e.data)).toEqual([{ worker: "cpu-1", previous: "gone-1", by: "local" }]);
    expect(events.filter((e) => e.type === "NodeStarted" && e.nodeId === "job")).toHaveLength(1);
    const { folded, stored } = await h.expectFoldMatches(graph.id);
    expect(folded).toEqual(stored);
  });

  it("pins and unpins a pending node, and refuses a node that started", async () => {
    const { graph } = await client.submit({
      name: "pending-pin",
      nodes: [
        { id: "hold", type: "noop", requires: ["never"] },
        { id: "later", type: "noop", dependsOn: ["hold"] },
      ],
    });
    let state = await client.assignNode(graph.id, "later", "gpu-1");
    expect(state.nodes.later?.assignedWorker).toBe("gpu-1");
    state = await client.assignNode(graph.id, "later", null);
    expect(state.nodes.later?.assignedWorker).toBeUndefined();
    const { folded, stored } = await h.expectFoldMatches(graph.id);
    expect(folded).toEqual(stored);

    const err = await client.assignNode(graph.id, "ghost", "gpu-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DagoApiError);
    expect(err).toMatchObject({ status: 404, code: "not_found" });
    await client.cancel(graph.id);

    const { graph: done } = await client.submit({ name: "ran", nodes: [{ id: "a", type: "noop" }] });
    await h.waitForEnd(done.id);
    const refused = await client.assignNode(done.id, "a", "gpu-1").catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, code: "invalid_transition" });
  });

  it("refuses a bad worker at submit and in the assign body", async () => {
    const bad = await client
      .submit({ name: "bad", nodes: [{ id: "a", type: "noop", worker: "no spaces" }] })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({
      status: 400,
      code: "validation_failed",
      details: [expect.objectContaining({ code: "bad_field", path: "/nodes/0/worker" })],
    });
    const { graph } = await client.submit({
      name: "body",
      nodes: [{ id: "a", type: "noop", requires: ["never"] }],
    });
    const res = await fetch(`${servers.httpUrl}/api/v1/graphs/${graph.id}/nodes/a/assign`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ worker: 7 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    const badName = await client.assignNode(graph.id, "a", "a b").catch((e: unknown) => e);
    expect(badName).toMatchObject({ status: 400, code: "invalid_request" });
    await client.cancel(graph.id);
  });

  it("shows each worker's name, busy slots and nodes run", async () => {
    const { graph } = await client.submit({
      name: "counted",
      nodes: [{ id: "x", type: "noop", worker: "gpu-1" }],
    });
    await h.waitForEnd(graph.id);
    let workers = await client.workers();
    // The count rides on the registry heartbeat: wait for the next one.
    const deadline = Date.now() + 10_000;
    const counted = (id: string) => (workers.find((w) => w.id === id)?.nodesRun ?? 0) >= 4;
    while (Date.now() < deadline && !(counted("box-a") && counted("box-b"))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      workers = await client.workers();
    }
    const a = workers.find((w) => w.id === "box-a");
    const b = workers.find((w) => w.id === "box-b");
    expect(a).toMatchObject({ name: "gpu-1", busy: 0 });
    expect(b).toMatchObject({ name: "cpu-1", busy: 0 });
    expect(a?.nodesRun).toBeGreaterThanOrEqual(4);
    expect(b?.nodesRun).toBeGreaterThanOrEqual(4);
  });
});
