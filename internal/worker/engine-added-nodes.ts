// Adds nodes the engine itself makes (a map's children, a loop's iterations) in one step: they need no validation
// (their template was checked at submission), only the graph's node limit and the structure version the step is
// applied at. Another patch landing in between means reading the graph again and trying once more.
import type { PatchSource } from "../domain/graph-patch.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { CompletionOutcome, GraphStore, PatchToApply } from "../store/graph-store.js";
import { NodeExecutionError } from "./executor.js";
import type { PatchValidationLimits } from "./patched-completion.js";

const MAX_TRIES = 8;

export interface EngineAddedNodes {
  graphId: string;
  added: ResolvedNode[];
  source: Extract<PatchSource, "map" | "loop">;
  /** The map or loop the nodes belong to. */
  by: string;
  /** Nodes that wait, held, for a free place under their map's concurrency. */
  held?: ReadonlySet<string>;
  /** The failure when the added nodes would take the graph past DAGO_MAX_NODES (`total` nodes). */
  tooMany: (total: number) => NodeExecutionError;
}

export async function addEngineNodes(
  engine: GraphStore,
  request: EngineAddedNodes,
  limits: PatchValidationLimits,
  apply: (toApply: PatchToApply) => Promise<CompletionOutcome>,
): Promise<CompletionOutcome> {
  const { added } = request;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const base = await engine.patchBase(request.graphId);
    if (!base) return { applied: false, reason: "graph_gone" };
    const total = base.nodes.length + added.length;
    if (total > limits.maxNodes) throw request.tooMany(total);
    const outcome = await apply({
      patch: { addNodes: added, addDependencies: [], removeNodes: [], changedNodes: [], removedNodes: [] },
      source: request.source,
      by: request.by,
      structureVersion: base.patches,
      order: [...base.nodes.map((n) => n.id), ...added.map((node) => node.id)],
      ...(request.held ? { held: request.held } : {}),
    });
    if (outcome.applied || outcome.reason !== "patch_refused") return outcome;
  }
  const what = request.source === "map" ? "the map expanded" : "the loop iterated";
  throw new NodeExecutionError("patch_conflict", `the graph kept changing structure while ${what}`);
}
