// A structural edit of a graph that already runs: nodes added, dependencies added to nodes not yet started, nodes
// that never ran removed. Each one becomes a single GraphPatched event, applied by one engine script.
import type { NodeSpec, ResolvedNode } from "./graph-spec.js";
import type { NodeStatus } from "./state.js";

/** Where a patch came from: a client, an executor's result, an LLM planner, a map expanding, a loop iterating. */
export const PATCH_SOURCES = ["api", "executor", "planner", "map", "loop"] as const;
export type PatchSource = (typeof PATCH_SOURCES)[number];

export interface AddedDependencies {
  node: string;
  dependsOn: string[];
}

/** A patch as a client (or an executor) writes it. */
export interface GraphPatchSpec {
  addNodes?: NodeSpec[];
  addDependencies?: AddedDependencies[];
  removeNodes?: string[];
}

/** A validated patch, in the form the engine applies and the GraphPatched event records. */
export interface ResolvedPatch {
  /** New nodes, resolved, in an order where each comes after the new nodes it depends on. */
  addNodes: ResolvedNode[];
  addDependencies: AddedDependencies[];
  removeNodes: string[];
  /** The existing nodes that gain dependencies, as they will be stored (dependsOn extended). */
  changedNodes: ResolvedNode[];
  /** The removed nodes as they were, for the engine to unlink them from their dependencies. */
  removedNodes: ResolvedNode[];
}

/** What a patch is checked against: the graph as it stands, read in one snapshot. */
export interface PatchBase {
  name: string;
  input: Record<string, unknown>;
  /** The `defaults` the graph was submitted with: added nodes inherit them too. */
  defaults?: Record<string, unknown>;
  /** Nodes as stored, in the graph's order. */
  nodes: ResolvedNode[];
  statuses: ReadonlyMap<string, NodeStatus>;
  /** Patches applied so far. */
  patches: number;
}

/** The limits on patches (DAGO_MAX_PATCH_NODES, DAGO_MAX_PATCHES_PER_GRAPH); the total node count is maxNodes. */
export interface PatchLimits {
  maxPatchNodes: number;
  maxPatchesPerGraph: number;
}

export const DEFAULT_PATCH_LIMITS: PatchLimits = { maxPatchNodes: 1000, maxPatchesPerGraph: 1000 };
