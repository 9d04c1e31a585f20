// The graph handed to ELK (layered, top to bottom) and the drawing read back from ELK's answer. Both are pure so
// they can be tested without a browser; graph/layout-worker.ts runs ELK itself.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api.js";
import { findGroups } from "./node-groups.js";
import { type Block, type Blocks, findBlocks, linkRoute, memberOffset } from "./sibling-blocks.js";
import { NODE_HEIGHT, nodeWidth, type StructureNode } from "./structure.js";

/** Beyond this many nodes the drawing is skipped: the page lists the nodes instead. */
export const MAX_DRAWN_NODES = 1500;

export const LAYOUT_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  // Siblings left to right in spec order: without this ELK's crossing minimisation is free to permute (and
  // rotate) a fan-out that has no crossings either way.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  // A fan-out leaves its node as one trunk that branches, not as one line per edge side by side.
  "elk.layered.mergeEdges": "true",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  // Centres a node over its fan-out instead of aligning it with the first child.
  "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED",
  "elk.layered.spacing.nodeNodeBetweenLayers": "40",
  "elk.layered.spacing.edgeNodeBetweenLayers": "16",
  "elk.spacing.nodeNode": "16",
  "elk.spacing.edgeEdge": "10",
  "elk.spacing.componentComponent": "32",
  "elk.padding": "[top=12,left=12,bottom=12,right=12]",
};

export function edgeId(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

export interface LayoutInput {
  graph: ElkNode;
  blocks: Blocks;
}

/**
 * The boxes: maps' and loops' children in their groups, wide fan-outs among the other nodes in blocks. A node's
 * dependencies may name group members, so a block's neighbourhood is read with each member's group in its place.
 */
function findShapes(nodes: readonly StructureNode[]): Blocks {
  const groups = findGroups(nodes);
  const shapeOf = (id: string) => groups.blockOf.get(id)?.id ?? id;
  const rest = nodes
    .filter((node) => !groups.blockOf.has(node.id))
    .map((node) => ({ id: node.id, dependsOn: [...new Set(node.dependsOn.map(shapeOf))] }));
  const blocks = findBlocks(rest);
  return {
    byId: new Map([...groups.byId, ...blocks.byId]),
    blockOf: new Map([...groups.blockOf, ...blocks.blockOf]),
  };
}

/**
 * One ELK child per node outside a block and one per block (where its first member in graph order is); edges
 * deduplicated, and none between members of one block: those (a loop's iterations following each other) are the
 * block's own links, routed inside it by toDrawing.
 */
export function buildElkGraph(nodes: readonly StructureNode[]): LayoutInput {
  const blocks = findShapes(nodes);
  const shapeOf = (id: string) => blocks.blockOf.get(id)?.id ?? id;
  const children: ElkNode[] = [];
  const placed = new Set<string>();
  for (const node of nodes) {
    const block = blocks.blockOf.get(node.id);
    if (!block) children.push({ id: node.id, width: nodeWidth(node.id), height: NODE_HEIGHT });
    else if (!placed.has(block.id)) {
      placed.add(block.id);
      children.push({ id: block.id, width: block.width, height: block.height });
    }
  }
  const edges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    const to = shapeOf(node.id);
    for (const dep of node.dependsOn) {
      const from = shapeOf(dep);
      const id = edgeId(from, to);
      if (from === to || seen.has(id)) continue;
      seen.add(id);
      edges.push({ id, sources: [from], targets: [to] });
    }
  }
  // A map's children and a loop's iterations depend on nothing the parent does not: without an edge from the
  // parent their box would float apart from it, as a component of its own.
  const ids = new Set(nodes.map((n) => n.id));
  for (const block of blocks.byId.values()) {
    const parent = block.group?.parent;
    if (parent === undefined || !ids.has(parent)) continue;
    const from = shapeOf(parent);
    const id = edgeId(from, block.id);
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ id, sources: [from], targets: [block.id] });
  }
  return { graph: { id: "root", layoutOptions: LAYOUT_OPTIONS, children, edges }, blocks };
}

export interface DrawnNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DrawnBlock {
  id: string;
  caption: string;
  /** A map's or loop's children: the parent's id and kind. */
  group?: Block["group"];
  x: number;
  y: number;
  width: number;
  height: number;
  members: number;
}

export interface DrawnEdge {
  id: string;
  /** The nodes the edge leaves: one, or every member of the block it leaves (its colour follows them all). */
  from: string[];
  /** From a map or loop to the box of the nodes it adds, rather than a dependency. */
  adds?: true;
  points: ElkPoint[];
}

export interface Drawing {
  width: number;
  height: number;
  /** Every node, blocks' members included, in spec order within a layer. */
  nodes: DrawnNode[];
  blocks: DrawnBlock[];
  edges: DrawnEdge[];
}

export function toDrawing(laidOut: ElkNode, blocks: Blocks): Drawing {
  const nodes: DrawnNode[] = [];
  const edges: DrawnEdge[] = [];
  const drawnBlocks: DrawnBlock[] = [];
  for (const child of laidOut.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    const block = blocks.byId.get(child.id);
    if (!block) {
      nodes.push({ id: child.id, x, y, width: child.width ?? 0, height: child.height ?? 0 });
      continue;
    }
    drawnBlocks.push({
      id: block.id,
      caption: block.caption,
      ...(block.group ? { group: block.group } : {}),
      x,
      y,
      width: block.width,
      height: block.height,
      members: block.members.length,
    });
    nodes.push(...membersOf(block, x, y));
    edges.push(...linksOf(block, x, y));
  }
  for (const edge of laidOut.edges ?? []) {
    const from = edge.sources[0];
    if (from === undefined) continue;
    const points: ElkPoint[] = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    const adds = blocks.byId.get(edge.targets[0] ?? "")?.group?.parent === from;
    edges.push({
      id: edge.id,
      from: blocks.byId.get(from)?.members ?? [from],
      ...(adds ? { adds: true as const } : {}),
      points,
    });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, blocks: drawnBlocks, edges };
}

function membersOf(block: Block, x: number, y: number): DrawnNode[] {
  return block.members.map((id, index) => {
    const offset = memberOffset(block, index);
    return { id, x: x + offset.x, y: y + offset.y, width: block.cellWidth, height: NODE_HEIGHT };
  });
}

function linksOf(block: Block, x: number, y: number): DrawnEdge[] {
  return (block.links ?? []).map(({ from, to }) => ({
    id: edgeId(from, to),
    from: [from],
    points: linkRoute(block, block.members.indexOf(from), block.members.indexOf(to)).map((p) => ({
      x: x + p.x,
      y: y + p.y,
    })),
  }));
}

/** An SVG path through the points; empty when ELK gave no route. */
export function pathOf(points: readonly ElkPoint[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
