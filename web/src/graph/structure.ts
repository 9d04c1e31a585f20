// What the layout depends on: the nodes in spec order, their dependencies, and the size each is drawn at. States
// change far more often than this, and never move a node.
import type { GraphState } from "../../../internal/domain/state.js";
import type { GroupKind, GroupKinds } from "../live/graph-patches.js";
import { groupOf } from "./group-of.js";

export const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.4;
const MIN_WIDTH = 96;
const MAX_WIDTH = 240;

export interface StructureNode {
  id: string;
  /** Only dependencies that are nodes of the graph. */
  dependsOn: readonly string[];
  /** A map's child or a loop's iteration: drawn with its siblings in a box labelled with the parent. */
  group?: { parent: string; kind: GroupKind; index: number };
}

/**
 * The nodes in the order the graph holds them: topological levels, spec order within a level, so siblings
 * keep the order of the `nodes` array.
 */
export function structureOf(state: Pick<GraphState, "nodes">, kinds: GroupKinds = {}): StructureNode[] {
  return Object.entries(state.nodes).map(([id, node]) => {
    const dependsOn = node.dependsOn.filter((dep) => dep in state.nodes);
    const group = groupOf(id, state.nodes, kinds);
    return group ? { id, dependsOn, group } : { id, dependsOn };
  });
}

/** A key that changes exactly when the layout must be computed again: the nodes, their dependencies and groups. */
export function structureKey(state: Pick<GraphState, "id" | "nodes">, kinds: GroupKinds = {}): string {
  const parts = [state.id];
  for (const [id, node] of Object.entries(state.nodes)) {
    const group = groupOf(id, state.nodes, kinds);
    parts.push(`${id}<${node.dependsOn.join(",")}${group ? `@${group.kind}` : ""}`);
  }
  return parts.join("|");
}

/** Wide enough for the id (and the status line under it), within bounds; longer ids are cut with an ellipsis. */
export function nodeWidth(id: string): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, id.length * CHAR_WIDTH + 28)));
}

export function maxLabelChars(): number {
  return Math.floor((MAX_WIDTH - 28) / CHAR_WIDTH);
}
