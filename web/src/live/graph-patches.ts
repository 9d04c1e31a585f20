// What a GraphPatched event changes beyond the state the domain's fold keeps: the node specs the node panel shows,
// and which nodes are a map's children or a loop's iterations, so the diagram can draw them together.
import type { GraphEvent } from "../../../internal/domain/events.js";
import type { AddedDependencies } from "../../../internal/domain/graph-patch.js";
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";

/** The kinds of node whose children a patch adds under ids `<parent>[<index>]`. */
export type GroupKind = "map" | "loop";

/** Parent node id → the kind of children it adds. */
export type GroupKinds = Record<string, GroupKind>;

export interface PatchedData {
  source: string;
  /** The node whose run made the patch (an executor's, planner's, map's or loop's), when one did. */
  by?: string;
  addNodes: ResolvedNode[];
  addDependencies: AddedDependencies[];
  removeNodes: string[];
}

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The event's patch with every list present, or undefined for any other event. */
export function patchOf(event: GraphEvent): PatchedData | undefined {
  if (event.type !== "GraphPatched") return undefined;
  const d = event.data ?? {};
  return {
    source: typeof d.source === "string" ? d.source : "unknown",
    ...(typeof d.by === "string" ? { by: d.by } : {}),
    addNodes: list<ResolvedNode>(d.addNodes),
    addDependencies: list<AddedDependencies>(d.addDependencies),
    removeNodes: list<string>(d.removeNodes),
  };
}

/** The kind of children the patch adds, and under which parent, when a map or a loop made it. */
export function groupOfPatch(patch: PatchedData): { parent: string; kind: GroupKind } | undefined {
  if ((patch.source === "map" || patch.source === "loop") && patch.by !== undefined) {
    return { parent: patch.by, kind: patch.source };
  }
  return undefined;
}

/** The specs after the patch, in the order the fold applies it: removals, additions, then new dependencies. */
export function patchSpecs(
  specs: Record<string, ResolvedNode>,
  patch: PatchedData,
): Record<string, ResolvedNode> {
  const next: Record<string, ResolvedNode> = Object.assign(Object.create(null), specs);
  for (const id of patch.removeNodes) delete next[id];
  for (const spec of patch.addNodes) next[spec.id] = spec;
  for (const { node, dependsOn } of patch.addDependencies) {
    const spec = next[node];
    if (spec) next[node] = { ...spec, dependsOn: [...spec.dependsOn, ...dependsOn] };
  }
  return next;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "patched by api (alice@acme): +2 nodes, +1 dependency, -1 node"; "map sections added 5 children". */
export function describePatch(patch: PatchedData): string {
  const added = patch.addNodes.length;
  const dependencies = patch.addDependencies.reduce((n, d) => n + list(d.dependsOn).length, 0);
  const removed = patch.removeNodes.length;
  const extras = [
    dependencies > 0 ? `+${plural(dependencies, "dependency", "dependencies")}` : "",
    removed > 0 ? `-${plural(removed, "node", "nodes")}` : "",
  ].filter(Boolean);
  const group = groupOfPatch(patch);
  if (group && added > 0) {
    const children =
      group.kind === "map" ? plural(added, "child", "children") : plural(added, "iteration", "iterations");
    return [`${group.kind} ${group.parent} added ${children}`, ...extras].join(", ");
  }
  // A client's patch names who sent it (name@tenant, or local); an engine's names the node it came from.
  const by = patch.by === undefined ? "" : patch.source === "api" ? ` (${patch.by})` : ` (node ${patch.by})`;
  const changes = [added > 0 ? `+${plural(added, "node", "nodes")}` : "", ...extras].filter(Boolean);
  return `patched by ${patch.source}${by}: ${changes.length > 0 ? changes.join(", ") : "no changes"}`;
}
