// What the service answers: a submission is answered from what the submit script returns, without reading the
// graph back, so the answer must be exactly the state stored in Redis whatever the graph's shape; event pages
// refuse ids Redis itself would refuse.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const SPECS = [
  { name: "one", nodes: [{ id: "a", type: "noop" }] },
  {
    name: "diamond",
    input: { topic: "x", n: 3 },
    nodes: [
      { id: "root", type: "noop" },
      { id: "left", type: "llm", prompt: "{{input.topic}}", dependsOn: ["root"], maxTokens: 50 },
      { id: "right", type: "noop", dependsOn: ["root"], retry: { maxAttempts: 4 }, timeoutMs: 5000 },
      { id: "join", type: "noop", dependsOn: ["left", "right"], when: "input.n > 1", priority: 5 },
    ],
  },
  {
    name: "prototype-named",
    nodes: [
      { id: "__proto__", type: "noop" },
      { id: "constructor", type: "noop", dependsOn: ["__proto__"] },
      { id: "toString", type: "noop" },
    ],
  },
];

it("answers a new graph with exactly the state Redis holds", async () => {
  for (const spec of SPECS) {
    const { graph, created } = await h.service.submit("default", spec);
    expect(created).toBe(true);
    expect(graph, spec.name).toEqual(await h.engine.getState(graph.id));
    expect(Object.keys(graph.nodes).sort(), spec.name).toEqual(spec.nodes.map((n) => n.id).sort());
  }
});

it("answers an idempotent repeat with the stored graph", async () => {
  const first = await h.service.submit("default", SPECS[1], { idempotencyKey: "answer-k" });
  const again = await h.service.submit("default", SPECS[1], { idempotencyKey: "answer-k" });
  expect(again.created).toBe(false);
  expect(again.graph.id).toBe(first.graph.id);
  expect(again.graph).toEqual(await h.engine.getState(first.graph.id));
});

it("refuses an event id out of Redis's range as invalid_request, not a server error", async () => {
  const { graph } = await h.service.submit("default", { name: "range", nodes: [{ id: "a", type: "noop" }] });
  for (const after of ["99999999999999999999-99999999999999999999", "18446744073709551616-0", "1-"]) {
    await expect(h.service.events("default", graph.id, { after, limit: 10 })).rejects.toMatchObject({
      code: "invalid_request",
    });
  }
  expect(
    (await h.service.events("default", graph.id, { after: "0-0", limit: 10 })).events.length,
  ).toBeGreaterThan(0);
});
