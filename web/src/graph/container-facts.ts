// What maps and loops add to a node's facts: for the map or loop, where its children come from and how many it
// has added; for a child or an iteration, which parent it belongs to, its index and (a map's child) its item.
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";
import type { GraphState } from "../../../internal/domain/state.js";
import { childIdOf } from "./group-of.js";

export type Fact = readonly [term: string, value: string];

/** An item is shown on one line; the resolved spec below it holds the whole value. */
const MAX_ITEM_CHARS = 300;

function itemText(item: unknown): string {
  const text = JSON.stringify(item) ?? String(item);
  return text.length > MAX_ITEM_CHARS ? `${text.slice(0, MAX_ITEM_CHARS - 1)}…` : text;
}

function countChildren(parent: string, nodes: GraphState["nodes"]): number {
  let count = 0;
  for (const id of Object.keys(nodes)) if (childIdOf(id)?.parent === parent) count++;
  return count;
}

/** The node's map or loop facts, in the order the panel lists them; none for any other node. */
export function containerFacts(
  nodeId: string,
  spec: ResolvedNode | undefined,
  nodes: GraphState["nodes"],
): Fact[] {
  const type = nodes[nodeId]?.type ?? spec?.type;
  if (type === "map") {
    return [
      ["Over", spec?.over ?? "unknown"],
      ["Concurrency", spec?.concurrency === undefined ? "all at once" : String(spec.concurrency)],
      ...(spec?.maxItems === undefined ? [] : [["Max items", String(spec.maxItems)] as const]),
      ["Children", String(countChildren(nodeId, nodes))],
    ];
  }
  if (type === "loop") {
    return [
      ...(spec?.until === undefined ? [] : [["Until", spec.until] as const]),
      ["Max iterations", spec?.maxIterations === undefined ? "unknown" : String(spec.maxIterations)],
      ["Iterations", String(countChildren(nodeId, nodes))],
    ];
  }
  const child = childIdOf(nodeId);
  const parent = spec?.parent ?? child?.parent;
  const parentType = parent === undefined ? undefined : nodes[parent]?.type;
  if (parent === undefined || (parentType !== "map" && parentType !== "loop")) return [];
  const index = spec?.index ?? child?.index;
  const facts: Fact[] = [
    [parentType === "map" ? "Child of" : "Iteration of", `${parentType} ${parent}`],
    ["Index", index === undefined ? "unknown" : String(index)],
  ];
  if (parentType === "map" && spec && "item" in spec) facts.push(["Item", itemText(spec.item)]);
  return facts;
}
