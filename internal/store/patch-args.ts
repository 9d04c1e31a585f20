// The ARGV section that carries a validated patch to a script (layout in scripts/includes/patching.lua), and the
// snapshot of a graph a patch is validated against.
import type { PatchBase, PatchSource, ResolvedPatch } from "../domain/graph-patch.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { NodeStatus } from "../domain/state.js";
import { initialNodeState, type RawProjection, type StoredNodeState } from "./projection.js";

/** A patch ready for the engine: validated against structure version `structureVersion` of the graph. */
export interface PatchToApply {
  patch: ResolvedPatch;
  source: PatchSource;
  /** The node whose result carries the patch (executor, planner, map, loop). */
  by?: string;
  structureVersion: number;
  /** The graph's whole node order once patched, dependencies before dependents. */
  order: readonly string[];
  /** Added nodes that wait, pending, for a free place under their map's concurrency. */
  held?: ReadonlySet<string>;
}

/** GraphPatched's data: what the fold needs to apply it, and what later reruns need to repeat it. */
export function patchedEventData(toApply: PatchToApply): string {
  const { patch, source, by } = toApply;
  const head = by === undefined ? { source } : { source, by };
  return JSON.stringify({
    ...head,
    addNodes: patch.addNodes,
    addDependencies: patch.addDependencies,
    removeNodes: patch.removeNodes,
  });
}

export function patchArgs(toApply: PatchToApply): Array<string | number> {
  const { patch } = toApply;
  const args: Array<string | number> = [
    toApply.structureVersion,
    toApply.source,
    patchedEventData(toApply),
    JSON.stringify(toApply.order),
    patch.addNodes.length,
    patch.changedNodes.length,
    patch.removedNodes.length,
  ];
  for (const node of patch.addNodes) {
    const state = initialNodeState(node);
    if (toApply.held?.has(node.id)) state.h = 1;
    args.push(node.id, JSON.stringify(node), JSON.stringify(state), node.dependsOn.join(","));
  }
  // A patch may list one node in several addDependencies entries: the script must link every one of them.
  const added = new Map<string, string[]>();
  for (const entry of patch.addDependencies) {
    added.set(entry.node, [...(added.get(entry.node) ?? []), ...entry.dependsOn]);
  }
  for (const node of patch.changedNodes) {
    args.push(node.id, JSON.stringify(node), (added.get(node.id) ?? []).join(","));
  }
  for (const node of patch.removedNodes) args.push(node.id, node.dependsOn.join(","));
  return args;
}

/** The graph as a patch sees it, from one consistent read of its projection. */
export type StoredPatchBase = PatchBase & { version: number; status: string; tenantId: string };

export function patchBaseOf(raw: RawProjection): StoredPatchBase {
  const { meta, nodes, spec } = raw;
  const header = JSON.parse(spec[":graph"] ?? "{}") as { name: string; input?: Record<string, unknown> };
  const order = JSON.parse(spec[":order"] ?? "[]") as string[];
  const resolved: ResolvedNode[] = [];
  const statuses = new Map<string, NodeStatus>();
  for (const id of order) {
    resolved.push(JSON.parse(own(spec, id)) as ResolvedNode);
    statuses.set(id, (JSON.parse(own(nodes, id)) as StoredNodeState).s);
  }
  const base: StoredPatchBase = {
    name: header.name,
    input: header.input ?? {},
    nodes: resolved,
    statuses,
    patches: Number(meta.sv ?? 0),
    version: Number(meta.v),
    status: meta.status as string,
    tenantId: meta.tenant as string,
  };
  if (spec[":defaults"] !== undefined) base.defaults = JSON.parse(spec[":defaults"]);
  return base;
}

/** Node ids such as "constructor" must not read Object.prototype. */
function own(record: Record<string, string>, key: string): string {
  if (!Object.hasOwn(record, key)) throw new Error(`the stored graph lacks node ${key}`);
  return record[key] as string;
}
