import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor } from "../../internal/worker/executor.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

function namedExecutor(type: string, worker: string): Executor {
  return { type, execute: async () => ({ ranOn: worker }) };
}

describe("routing and idempotency", () => {
  it("sends nodes that require capabilities or custom types only to workers that have them", async () => {
    await h.startWorker({ id: "plain" });
    const id = await h.submit({
      name: "routing",
      nodes: [
        { id: "anywhere", type: "noop" },
        { id: "gpu", type: "noop", requires: ["gpu"] },
        { id: "custom", type: "summarize", dependsOn: ["anywhere"] },
      ],
    });
    await h.waitFor(id, (s) => s.nodes.anywhere?.status === "succeeded");
    await new Promise((resolve) => setTimeout(resolve, 500));
    let state = await h.waitFor(id, () => true);
    expect(state.nodes.gpu?.status).toBe("ready");
    expect(state.nodes.custom?.status).toBe("ready");

    await h.startWorker({
      id: "gpu-box",
      capabilities: ["gpu"],
      executors: [namedExecutor("summarize", "gpu-box")],
    });
    state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.gpu?.worker).toBe("gpu-box");
    expect(state.nodes.custom).toMatchObject({ worker: "gpu-box", output: { ranOn: "gpu-box" } });
    expect(state.nodes.anywhere?.worker).toBe("plain");
  });

  it("starts a node of a route new to the cluster without waiting for the workers' periodic refresh", async () => {
    // A worker that would not re-read routes or end its blocking read for an hour on its own.
    const hour = 3_600_000;
    await h.startWorker({
      id: "announced",
      blockMs: hour,
      routeRefreshMs: hour,
      executors: [namedExecutor("first-of-its-kind", "announced")],
    });
    const id = await h.submit({ name: "new-route", nodes: [{ id: "only", type: "first-of-its-kind" }] });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.only).toMatchObject({ worker: "announced", output: { ranOn: "announced" } });
  });

  it("returns the same graph for a repeated Idempotency-Key and refuses the key with another body", async () => {
    const spec = { name: "idem", nodes: [{ id: "a", type: "noop" }] };
    const first = await h.service.submit("default", spec, { idempotencyKey: "order-42" });
    const again = await h.service.submit("default", spec, { idempotencyKey: "order-42" });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.graph.id).toBe(first.graph.id);
    await expect(
      h.service.submit("default", { ...spec, name: "other" }, { idempotencyKey: "order-42" }),
    ).rejects.toMatchObject({ code: "idempotency_conflict" });
    // The same key in another tenant is another graph.
    const otherTenant = await h.service.submit("acme", spec, { idempotencyKey: "order-42" });
    expect(otherTenant.graph.id).not.toBe(first.graph.id);
  });

  it("rejects an invalid graph with every problem and stores nothing", async () => {
    const before = await h.service.list("default", { limit: 500 });
    await expect(
      h.service.submit("default", {
        name: "bad",
        nodes: [
          { id: "a", type: "noop", dependsOn: ["b"] },
          { id: "b", type: "noop", dependsOn: ["a"] },
          { id: "c", type: "llm" },
        ],
      }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      details: expect.arrayContaining([
        expect.objectContaining({ code: "cycle" }),
        expect.objectContaining({ code: "missing_field", nodeId: "c" }),
      ]),
    });
    const after = await h.service.list("default", { limit: 500 });
    expect(after.graphs.length).toBe(before.graphs.length);
  });
});
