// What the layout depends on: the nodes in spec order, their dependencies, and the size each is drawn at. States
// change far more often than this, and never move a node.
import type { GraphState } from "../../../internal/domain/state.js";

export const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.4;
const MIN_WIDTH = 96;
const MAX_WIDTH = 240;

export interface StructureNode {
  id: string;
  /** Only dependencies that are nodes of the graph. */
  dependsOn: readonly string[];
}

/**
 * The nodes in the order the graph holds them: topological levels, spec order within a level, so siblings
 * keep the order of the `nodes` array.
 */
export function structureOf(state: Pick<GraphState, "nodes">): StructureNode[] {
  return Object.entries(state.nodes).map(([id, node]) => ({
    id,
    dependsOn: node.dependsOn.filter((dep) => dep in state.nodes),
  }));
}

/** A key that changes exactly when the layout must be computed again: the nodes and their dependencies. */
export function structureKey(state: Pick<GraphState, "id" | "nodes">): string {
  const parts = [state.id];
  for (const [id, node] of Object.entries(state.nodes)) parts.push(`${id}<${node.dependsOn.join(",")}`);
  return parts.join("|");
}

/** Wide enough for the id (and the status line under it), within bounds; longer ids are cut with an ellipsis. */
export function nodeWidth(id: string): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, id.length * CHAR_WIDTH + 28)));
}

export function maxLabelChars(): number {
  return Math.floor((MAX_WIDTH - 28) / CHAR_WIDTH);
}
