import { describe, expect, it } from "vitest";
import { routeWarnings, type ServingWorker } from "./route-warnings.js";
import { validateGraph } from "./validate.js";

function nodesOf(nodes: unknown[]) {
  const result = validateGraph({ name: "g", nodes });
  if (!result.valid) throw new Error(JSON.stringify(result.errors));
  return result.graph.nodes;
}

const PLAIN: ServingWorker = { capabilities: [], nodeTypes: ["llm", "noop"] };
const GPU_FETCHER: ServingWorker = { capabilities: ["gpu"], nodeTypes: ["fetch-page", "llm", "noop"] };

describe("routeWarnings", () => {
  it("says nothing when every node has a worker", () => {
    const nodes = nodesOf([
      { id: "a", type: "noop" },
      { id: "b", type: "fetch-page", requires: ["gpu"] },
      { id: "c", type: "llm", prompt: "x", requires: ["gpu"] },
    ]);
    expect(routeWarnings(nodes, [PLAIN, GPU_FETCHER])).toEqual([]);
  });

  it("names a custom type no worker registered, once for every node of it", () => {
    const nodes = nodesOf([
      { id: "a", type: "noop" },
      { id: "b", type: "fetch-page" },
      { id: "c", type: "fetch-page", dependsOn: ["b"] },
    ]);
    expect(routeWarnings(nodes, [PLAIN])).toEqual([
      {
        code: "no_worker_for_type",
        message: 'no live worker serves type "fetch-page": the node waits until one registers it',
        nodeId: "b",
        nodeIds: ["b", "c"],
        type: "fetch-page",
        capabilities: [],
      },
    ]);
  });

  it("names capabilities no worker serving the type offers", () => {
    const nodes = nodesOf([
      { id: "a", type: "noop", requires: ["gpu"] },
      { id: "b", type: "fetch-page", requires: ["gpu", "cuda"] },
    ]);
    const warnings = routeWarnings(nodes, [PLAIN, GPU_FETCHER]);
    expect(warnings).toEqual([
      {
        code: "no_worker_with_capabilities",
        message:
          'no live worker serving type "fetch-page" offers every capability of "cuda", "gpu": the node waits ' +
          "until one starts",
        nodeId: "b",
        nodeIds: ["b"],
        capabilities: ["cuda", "gpu"],
      },
    ]);
  });

  it("gives one warning for the whole graph when no worker is live", () => {
    const nodes = nodesOf([
      { id: "a", type: "noop" },
      { id: "b", type: "fetch-page", dependsOn: ["a"] },
    ]);
    expect(routeWarnings(nodes, [])).toEqual([
      expect.objectContaining({ code: "no_live_workers", nodeId: "a", nodeIds: ["a", "b"] }),
    ]);
  });
});
