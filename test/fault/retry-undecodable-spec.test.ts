// A node retry decodes every stored node spec inside Redis. Specs written before validation refused unpaired
// surrogates and deep nesting can still be in Redis (an older server took them); a retry of such a graph must fail
// as a whole, leaving the graph exactly as it was, never half-applied.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ResolvedGraph } from "../../internal/domain/graph-spec.js";
import { validateGraph } from "../../internal/domain/validate.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor } from "../helpers/test-executors.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [failingExecutor()] });
});

afterAll(async () => {
  await h?.close();
});

/** A resolved graph as the engine stores it, with one node carrying a field Redis' JSON decoder refuses. */
function storedGraph(undecodable: unknown): ResolvedGraph {
  const result = validateGraph({
    name: "old data",
    nodes: [
      { id: "a", type: "failing", retryable: false },
      { id: "b", type: "noop", dependsOn: ["a"] },
    ],
  });
  if (!result.valid) throw new Error("the base graph is valid");
  const graph = result.graph;
  Object.assign(graph.nodes[0] as object, { note: undecodable });
  return graph;
}

it.each([
  ["an unpaired surrogate", "\ud800"],
  ["nesting deeper than Redis decodes", JSON.parse(`${"[".repeat(1_100)}${"]".repeat(1_100)}`)],
])("a retry of a graph whose stored spec holds %s fails whole", async (_what, undecodable) => {
  const { graphId } = await h.engine.submit("default", storedGraph(undecodable), undefined, "local");
  const ended = await h.waitForEnd(graphId);
  expect(ended.status).toBe("failed");
  await expect(h.engine.retryNode(graphId, "a", "local")).rejects.toThrow(/cjson|unicode|nested/i);
  const after = await h.engine.getState(graphId);
  expect(after).toEqual(ended);
  await expectGraphsWhole(h.redis, h.keyPrefix);
});
