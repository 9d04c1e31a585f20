// A map's children (`<map>[0]`, `<map>[1]`...) and a loop's iterations (`<loop>[0]`...) are drawn together. The
// patch that added them says which kind they are (its source, and `by` the parent); when that patch is no longer
// in the log, the parent's type says it.
import type { GraphState } from "../../../internal/domain/state.js";
import type { GroupKind, GroupKinds } from "../live/graph-patches.js";

const CHILD_ID = /^(.+)\[(\d+)\]$/;

/** The parent and index an id names, if it has the form of a child's. */
export function childIdOf(id: string): { parent: string; index: number } | undefined {
  const match = CHILD_ID.exec(id);
  if (!match) return undefined;
  return { parent: match[1] as string, index: Number(match[2]) };
}

/** The group a node is drawn in: its id names a parent of the graph that is a map or a loop. */
export function groupOf(
  id: string,
  nodes: GraphState["nodes"],
  kinds: GroupKinds,
): { parent: string; kind: GroupKind; index: number } | undefined {
  const child = childIdOf(id);
  if (!child) return undefined;
  // Own keys only: ids are the user's, and "constructor" is as good an id as any.
  const parent = Object.hasOwn(nodes, child.parent) ? nodes[child.parent] : undefined;
  if (!parent) return undefined;
  const recorded = Object.hasOwn(kinds, child.parent) ? kinds[child.parent] : undefined;
  const kind = recorded ?? (parent.type === "map" || parent.type === "loop" ? parent.type : undefined);
  return kind ? { ...child, kind } : undefined;
}
