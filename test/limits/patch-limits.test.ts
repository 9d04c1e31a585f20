// The patch limits hit exactly, through a service with small limits: nodes per patch (DAGO_MAX_PATCH_NODES),
// patches per graph (DAGO_MAX_PATCHES_PER_GRAPH) and the graph as patched (DAGO_MAX_NODES, DAGO_MAX_EDGES). At the
// limit a patch applies; one over it is refused with its code and nothing changes. Patches racing for the last
// unit under a limit are checked again against each other: exactly one gets it. No worker runs, so nothing but
// the patches changes the graphs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphView } from "../../internal/contract/graph-views.js";
import { isDagoError } from "../../internal/errors/index.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";

const LIMITS = { maxPatchNodes: 3, maxPatchesPerGraph: 4, maxNodes: 6, maxEdges: 5 };

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: LIMITS });
});
afterAll(async () => h?.close());

interface Refusal {
  code: string;
  details: Array<{ code?: unknown; path?: unknown }>;
}

async function refusal(run: Promise<unknown>): Promise<Refusal> {
  try {
    await run;
  } catch (err) {
    if (isDagoError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error("the patch was applied");
}

const noops = (ids: string[], dependsOn: string[] = []) => ids.map((id) => ({ id, type: "noop", dependsOn }));

/** A graph of one root; `extra` more nodes without dependencies. */
async function graphOf(extra = 0): Promise<string> {
  return h.submit({
    name: "limits",
    nodes: noops(["root", ...Array.from({ length: extra }, (_, i) => `e${i}`)]),
  });
}

const patch = (id: string, body: unknown): Promise<GraphView> => h.service.patch("default", id, body);

async function expectUnchanged(id: string, before: GraphView): Promise<void> {
  const after = await h.service.get("default", id);
  expect(after.version).toBe(before.version);
  expect(Object.keys(after.nodes).sort()).toEqual(Object.keys(before.nodes).sort());
}

describe("nodes per patch", () => {
  it("takes a patch of exactly DAGO_MAX_PATCH_NODES nodes and refuses one more", async () => {
    const id = await graphOf();
    const before = await h.service.get("default", id);
    const over = await refusal(patch(id, { addNodes: noops(["a", "b", "c", "d"]) }));
    expect(over.code).toBe("validation_failed");
    expect(over.details).toEqual([expect.objectContaining({ code: "too_many_nodes", path: "/addNodes" })]);
    await expectUnchanged(id, before);
    const at = await patch(id, { addNodes: noops(["a", "b", "c"]) });
    expect(Object.keys(at.nodes).sort()).toEqual(["a", "b", "c", "root"]);
  });
});

describe("patches per graph", () => {
  it("applies DAGO_MAX_PATCHES_PER_GRAPH patches and refuses the next, even a removal", async () => {
    const id = await graphOf();
    for (let i = 0; i < LIMITS.maxPatchesPerGraph; i++) await patch(id, { addNodes: noops([`p${i}`]) });
    const before = await h.service.get("default", id);
    for (const body of [{ addNodes: noops(["late"]) }, { removeNodes: ["p0"] }]) {
      const over = await refusal(patch(id, body));
      expect(over.code).toBe("validation_failed");
      expect(over.details).toEqual([expect.objectContaining({ code: "too_many_patches", path: "" })]);
    }
    await expectUnchanged(id, before);
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "GraphPatched")).toHaveLength(LIMITS.maxPatchesPerGraph);
  });

  it("gives the last patch a graph may take to exactly one of two racing for it", async () => {
    const id = await graphOf();
    for (let i = 0; i < LIMITS.maxPatchesPerGraph - 1; i++) await patch(id, { addNodes: noops([`p${i}`]) });
    const results = await Promise.allSettled([
      patch(id, { addNodes: noops(["left"]) }),
      patch(id, { addNodes: noops(["right"]) }),
    ]);
    const applied = results.filter((r) => r.status === "fulfilled");
    expect(applied).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({
      code: "validation_failed",
      details: [expect.objectContaining({ code: "too_many_patches" })],
    });
    const nodes = Object.keys((await h.service.get("default", id)).nodes);
    expect(nodes.filter((n) => n === "left" || n === "right")).toHaveLength(1);
  });
});

describe("nodes of the patched graph", () => {
  it("takes a patch that brings the graph to DAGO_MAX_NODES and refuses one node more", async () => {
    const id = await graphOf(3);
    const before = await h.service.get("default", id);
    const over = await refusal(patch(id, { addNodes: noops(["a", "b", "c"]) }));
    expect(over.code).toBe("validation_failed");
    expect(over.details).toEqual([expect.objectContaining({ code: "too_many_nodes", path: "/addNodes" })]);
    await expectUnchanged(id, before);
    const at = await patch(id, { addNodes: noops(["a", "b"]) });
    expect(Object.keys(at.nodes)).toHaveLength(LIMITS.maxNodes);
    const beyond = await refusal(patch(id, { addNodes: noops(["c"]) }));
    expect(beyond.details).toEqual([expect.objectContaining({ code: "too_many_nodes" })]);
    // A full graph can still swap a node for another: the removal counts before the addition.
    const swapped = await patch(id, { removeNodes: ["b"], addNodes: noops(["c"]) });
    expect(Object.keys(swapped.nodes).sort()).toEqual(["a", "c", "e0", "e1", "e2", "root"]);
  });

  it("gives the last free node to exactly one of two patches racing for it", async () => {
    const id = await graphOf(LIMITS.maxNodes - 2);
    const results = await Promise.allSettled([
      patch(id, { addNodes: noops(["left"]) }),
      patch(id, { addNodes: noops(["right"]) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({
      code: "validation_failed",
      details: [expect.objectContaining({ code: "too_many_nodes" })],
    });
    expect(Object.keys((await h.service.get("default", id)).nodes)).toHaveLength(LIMITS.maxNodes);
  });

  it("takes dependencies up to DAGO_MAX_EDGES and refuses one more", async () => {
    const id = await graphOf(2);
    await patch(id, { addNodes: noops(["j"], ["root", "e0", "e1"]) });
    const before = await h.service.get("default", id);
    const over = await refusal(patch(id, { addNodes: noops(["k"], ["root", "j", "e0"]) }));
    expect(over.details).toEqual([expect.objectContaining({ code: "too_many_edges", path: "/addNodes" })]);
    await expectUnchanged(id, before);
    const at = await patch(id, { addNodes: noops(["k"], ["root", "j"]) });
    expect(at.nodes.k?.dependsOn).toEqual(["root", "j"]);
    const beyond = await refusal(patch(id, { addDependencies: [{ node: "k", dependsOn: ["e0"] }] }));
    expect(beyond.details).toEqual([expect.objectContaining({ code: "too_many_edges" })]);
  });
});

it("leaves every graph whole for the invariant checker", async () => {
  await expectGraphsWhole(h.redis, h.keyPrefix);
});
