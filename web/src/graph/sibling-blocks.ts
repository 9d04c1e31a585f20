// Wide fan-outs drawn as blocks. Siblings that depend on exactly the same nodes and feed exactly the same nodes
// (a planner's map of sections between it and a join) are one box to the layout, with their members in a grid
// inside it, in spec order. A row of 500 nodes is 60,000 px wide and 1,000 near-parallel edges; a block is one
// edge in, one edge out, and a grid shaped like the viewport.
import type { GroupKind } from "../live/graph-patches.js";
import { NODE_HEIGHT, nodeWidth, type StructureNode } from "./structure.js";

/** Fewer siblings than this stay in a row: it reads better as a fan-out and still fits at a legible scale. */
export const BLOCK_MIN_MEMBERS = 10;
export const BLOCK_GAP = 12;
export const BLOCK_PADDING = 12;
/** Room above the grid for the block's caption. */
export const BLOCK_HEADER = 26;
/** Room per character of the caption, at its 12 px. */
const CAPTION_CHAR_WIDTH = 7;
/** Width over height the grid aims for: about that of the diagram's viewport. */
const BLOCK_ASPECT = 1.4;
/** ELK ids of blocks; node ids cannot hold a colon, so they never collide. */
const BLOCK_ID_PREFIX = "block:";

export interface Block {
  id: string;
  /** In spec order (a group's: index order): the grid is filled row by row. */
  members: string[];
  /** What the box says above its members. */
  caption: string;
  /** A map's or loop's children; absent for a block of like siblings. */
  group?: { parent: string; kind: GroupKind };
  /** Dependencies between members (a loop's iteration on the one before), drawn inside the box. */
  links?: { from: string; to: string }[];
  columns: number;
  cellWidth: number;
  width: number;
  height: number;
}

export interface Blocks {
  byId: Map<string, Block>;
  /** Member id → its block. */
  blockOf: Map<string, Block>;
}

/** The blocks of a graph: each maximal set of at least BLOCK_MIN_MEMBERS nodes with one shared neighbourhood. */
export function findBlocks(nodes: readonly StructureNode[]): Blocks {
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      const list = dependents.get(dep);
      if (list) list.push(node.id);
      else dependents.set(dep, [node.id]);
    }
  }
  const groups = new Map<string, string[]>();
  for (const node of nodes) {
    const key = `${[...node.dependsOn].sort().join(",")}>${[...(dependents.get(node.id) ?? [])].sort().join(",")}`;
    const group = groups.get(key);
    if (group) group.push(node.id);
    else groups.set(key, [node.id]);
  }
  const byId = new Map<string, Block>();
  const blockOf = new Map<string, Block>();
  for (const members of groups.values()) {
    if (members.length < BLOCK_MIN_MEMBERS) continue;
    const block = blockGeometry(`${BLOCK_ID_PREFIX}${members[0]}`, members, {
      caption: `${members.length} nodes`,
    });
    byId.set(block.id, block);
    for (const id of members) blockOf.set(id, block);
  }
  return { byId, blockOf };
}

/** A block's box; `columns` given fixes the grid's width, else it is shaped like the viewport. */
export function blockGeometry(
  id: string,
  members: string[],
  shape: { caption: string; group?: Block["group"]; links?: Block["links"]; columns?: number },
): Block {
  const cellWidth = Math.max(...members.map(nodeWidth));
  const n = members.length;
  // columns × (cell + gap) ≈ aspect × rows × (height + gap), with rows = n / columns.
  const ideal = Math.sqrt((n * BLOCK_ASPECT * (NODE_HEIGHT + BLOCK_GAP)) / (cellWidth + BLOCK_GAP));
  const columns = Math.max(1, Math.min(n, shape.columns ?? Math.round(ideal)));
  const rows = Math.ceil(n / columns);
  return {
    id,
    members,
    caption: shape.caption,
    ...(shape.group ? { group: shape.group } : {}),
    ...(shape.links && shape.links.length > 0 ? { links: shape.links } : {}),
    columns,
    cellWidth,
    width:
      2 * BLOCK_PADDING +
      Math.max(columns * cellWidth + (columns - 1) * BLOCK_GAP, shape.caption.length * CAPTION_CHAR_WIDTH),
    height: BLOCK_HEADER + BLOCK_PADDING + rows * NODE_HEIGHT + (rows - 1) * BLOCK_GAP,
  };
}

/** Where the block's index-th member sits, relative to the block's corner. */
export function memberOffset(block: Block, index: number): { x: number; y: number } {
  const column = index % block.columns;
  const row = Math.floor(index / block.columns);
  return {
    x: BLOCK_PADDING + column * (block.cellWidth + BLOCK_GAP),
    y: BLOCK_HEADER + row * (NODE_HEIGHT + BLOCK_GAP),
  };
}

/**
 * The route of a link from member `from` to member `to`, relative to the block's corner: side to side within a
 * row, else down into the gap below `from`'s row, along it, and down into `to`, so it crosses no member.
 */
export function linkRoute(block: Block, from: number, to: number): { x: number; y: number }[] {
  const a = memberOffset(block, from);
  const b = memberOffset(block, to);
  const w = block.cellWidth;
  if (a.y === b.y) {
    const y = a.y + NODE_HEIGHT / 2;
    return a.x < b.x
      ? [
          { x: a.x + w, y },
          { x: b.x, y },
        ]
      : [
          { x: a.x, y },
          { x: b.x + w, y },
        ];
  }
  const gap = a.y + NODE_HEIGHT + BLOCK_GAP / 2;
  return [
    { x: a.x + w / 2, y: a.y + NODE_HEIGHT },
    { x: a.x + w / 2, y: gap },
    { x: b.x + w / 2, y: gap },
    { x: b.x + w / 2, y: b.y },
  ];
}
