// The boxes maps' children and loops' iterations are drawn in: one per parent, labelled with it, its members in
// index order, with the links between them (a loop's iterations, each on the one before).
import type { GroupKind } from "../live/graph-patches.js";
import { BLOCK_MIN_MEMBERS, type Block, type Blocks, blockGeometry } from "./sibling-blocks.js";
import type { StructureNode } from "./structure.js";

/** ELK ids of groups; node ids cannot hold a colon, so they never collide. */
const GROUP_ID_PREFIX = "group:";

export function groupCaption(parent: string, kind: GroupKind, members: number): string {
  const count =
    kind === "map"
      ? `${members} ${members === 1 ? "child" : "children"}`
      : `${members} ${members === 1 ? "iteration" : "iterations"}`;
  return `${kind} ${parent} · ${count}`;
}

/** The dependencies between members of one group: a loop's chain of iterations. */
function linksAmong(members: string[], dependsOn: Map<string, readonly string[]>): Block["links"] {
  const inGroup = new Set(members);
  return members.flatMap((to) =>
    (dependsOn.get(to) ?? []).filter((from) => inGroup.has(from)).map((from) => ({ from, to })),
  );
}

/**
 * One block per parent, members in index order: a row while the group is small, else a grid shaped like the
 * viewport, filled row by row.
 */
export function findGroups(nodes: readonly StructureNode[]): Blocks {
  const byParent = new Map<string, { kind: GroupKind; members: { id: string; index: number }[] }>();
  const dependsOn = new Map<string, readonly string[]>();
  for (const node of nodes) {
    dependsOn.set(node.id, node.dependsOn);
    if (!node.group) continue;
    const { parent, kind, index } = node.group;
    const entry = byParent.get(parent) ?? { kind, members: [] };
    entry.members.push({ id: node.id, index });
    byParent.set(parent, entry);
  }
  const byId = new Map<string, Block>();
  const blockOf = new Map<string, Block>();
  for (const [parent, { kind, members }] of byParent) {
    const ids = members.sort((a, b) => a.index - b.index).map((m) => m.id);
    const block = blockGeometry(`${GROUP_ID_PREFIX}${parent}`, ids, {
      caption: groupCaption(parent, kind, ids.length),
      group: { parent, kind },
      links: linksAmong(ids, dependsOn),
      ...(ids.length < BLOCK_MIN_MEMBERS ? { columns: ids.length } : {}),
    });
    byId.set(block.id, block);
    for (const id of ids) blockOf.set(id, block);
  }
  return { byId, blockOf };
}
