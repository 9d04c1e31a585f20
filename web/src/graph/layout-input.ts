// The graph handed to ELK (layered, top to bottom) and the drawing read back from ELK's answer. Both are pure so
// they can be tested without a browser; graph/layout.ts runs ELK itself.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api.js";
import type { GraphState } from "../../../internal/domain/state.js";

export const NODE_HEIGHT = 44;
/** Beyond this many nodes the drawing is skipped: the page lists the nodes instead. */
export const MAX_DRAWN_NODES = 1500;
const CHAR_WIDTH = 7.4;
const MIN_WIDTH = 96;
const MAX_WIDTH = 240;

export const LAYOUT_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": "48",
  "elk.spacing.nodeNode": "28",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
};

/** Wide enough for the id (and the status line under it), within bounds; longer ids are cut with an ellipsis. */
export function nodeWidth(id: string): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, id.length * CHAR_WIDTH + 28)));
}

export function maxLabelChars(): number {
  return Math.floor((MAX_WIDTH - 28) / CHAR_WIDTH);
}

export function edgeId(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

export function buildElkGraph(state: Pick<GraphState, "nodes">): ElkNode {
  const ids = Object.keys(state.nodes);
  const children: ElkNode[] = ids.map((id) => ({ id, width: nodeWidth(id), height: NODE_HEIGHT }));
  const edges: ElkExtendedEdge[] = [];
  for (const id of ids) {
    for (const dep of state.nodes[id]?.dependsOn ?? []) {
      if (dep in state.nodes) edges.push({ id: edgeId(dep, id), sources: [dep], targets: [id] });
    }
  }
  return { id: "root", layoutOptions: LAYOUT_OPTIONS, children, edges };
}

/** A key that changes exactly when the layout must be computed again: the nodes and their dependencies. */
export function structureKey(state: Pick<GraphState, "id" | "nodes">): string {
  const parts = [state.id];
  for (const [id, node] of Object.entries(state.nodes)) parts.push(`${id}<${node.dependsOn.join(",")}`);
  return parts.join("|");
}

export interface DrawnNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DrawnEdge {
  id: string;
  from: string;
  to: string;
  points: ElkPoint[];
}

export interface Drawing {
  width: number;
  height: number;
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

export function toDrawing(laidOut: ElkNode): Drawing {
  const nodes: DrawnNode[] = (laidOut.children ?? []).map((n) => ({
    id: n.id,
    x: n.x ?? 0,
    y: n.y ?? 0,
    width: n.width ?? 0,
    height: n.height ?? 0,
  }));
  const edges: DrawnEdge[] = [];
  for (const edge of laidOut.edges ?? []) {
    const from = edge.sources[0];
    const to = edge.targets[0];
    if (from === undefined || to === undefined) continue;
    const points: ElkPoint[] = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    edges.push({ id: edge.id, from, to, points });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, edges };
}

/** An SVG path through the points; empty when ELK gave no route. */
export function pathOf(points: readonly ElkPoint[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
