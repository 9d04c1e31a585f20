// Reads a graph's history and lists every way its maps and loops broke their contract: a map with more children
// running than its `concurrency`, a map's output not one slot per item in item order, a loop past maxIterations
// or iterating on after `until` held, and any node id added twice.
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphState } from "../../internal/domain/state.js";
import type { ContainerDraw, LoopDraw, MapDraw } from "./container-arbitraries.js";

/** Events after which a started child no longer runs. */
const ENDINGS = new Set([
  "NodeCompleted",
  "NodeFailed",
  "NodeRetrying",
  "NodeCancelled",
  "NodeSkipped",
  "NodeReset",
]);

function childrenOf(state: GraphState, parent: string): string[] {
  return Object.keys(state.nodes).filter((id) => id.startsWith(`${parent}[`));
}

/** Node ids in the order they were added: the submission's, then each patch's. */
export function addedIds(events: readonly GraphEvent[]): string[] {
  const ids: string[] = [];
  for (const event of events) {
    if (event.type === "GraphSubmitted")
      for (const node of (event.data as { nodes: Array<{ id: string }> }).nodes) ids.push(node.id);
    if (event.type === "GraphPatched")
      for (const node of (event.data as { addNodes?: Array<{ id: string }> }).addNodes ?? [])
        ids.push(node.id);
  }
  return ids;
}

function duplicateIds(events: readonly GraphEvent[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const id of addedIds(events)) {
    if (seen.has(id)) twice.push(`${id} added twice`);
    seen.add(id);
  }
  return twice;
}

/** The most children of `map` running at once, from their start and end events. */
export function peakRunning(events: readonly GraphEvent[], map: string): number {
  const running = new Set<string>();
  let peak = 0;
  for (const event of events) {
    const id = event.nodeId;
    if (id === undefined || !id.startsWith(`${map}[`)) continue;
    if (event.type === "NodeStarted") {
      running.add(id);
      peak = Math.max(peak, running.size);
    } else if (ENDINGS.has(event.type)) running.delete(id);
  }
  return peak;
}

function mapViolations(draw: MapDraw, state: GraphState, events: readonly GraphEvent[]): string[] {
  const out: string[] = [];
  const map = state.nodes[draw.id];
  const children = childrenOf(state, draw.id);
  const limit = draw.concurrency ?? draw.items.length;
  const peak = peakRunning(events, draw.id);
  if (peak > limit) out.push(`${draw.id}: ${peak} children ran at once, concurrency ${limit}`);
  const tooMany = draw.items.length > draw.maxItems;
  if (tooMany && children.length > 0) out.push(`${draw.id}: ${children.length} children over maxItems`);
  if (!tooMany && children.length > 0 && children.length !== draw.items.length)
    out.push(`${draw.id}: ${children.length} children for ${draw.items.length} items`);
  if (map?.status === "failed" && !["map_too_many_items", "map_child_failed"].includes(map.error?.code ?? ""))
    out.push(`${draw.id}: failed with ${map.error?.code}`);
  if (map?.status !== "succeeded") return out;
  if (tooMany) out.push(`${draw.id}: succeeded over ${draw.items.length} items, maxItems ${draw.maxItems}`);
  const output = map.output as unknown[];
  if (!Array.isArray(output) || output.length !== draw.items.length) {
    out.push(`${draw.id}: output ${JSON.stringify(output)} for ${draw.items.length} items`);
    return out;
  }
  output.forEach((slot, i) => {
    const child = state.nodes[`${draw.id}[${i}]`];
    const expected = child?.status === "succeeded" ? { index: i, item: draw.items[i] } : null;
    if (JSON.stringify(slot) !== JSON.stringify(expected))
      out.push(`${draw.id}: slot ${i} is ${JSON.stringify(slot)}, child ${child?.status}`);
    if (child?.status !== "succeeded" && !draw.continueOnFailure)
      out.push(`${draw.id}: succeeded with child ${i} ${child?.status}`);
  });
  return out;
}

function loopViolations(draw: LoopDraw, state: GraphState): string[] {
  const out: string[] = [];
  const loop = state.nodes[draw.id];
  const iterations = childrenOf(state, draw.id);
  if (iterations.length > draw.maxIterations)
    out.push(`${draw.id}: ${iterations.length} iterations, maxIterations ${draw.maxIterations}`);
  iterations.forEach((id, i) => {
    if (id !== `${draw.id}[${i}]`) out.push(`${draw.id}: iteration ${i} is ${id}`);
  });
  // The first iteration whose output meets `until` is the last one there is.
  const held = iterations.findIndex((id) => {
    const output = state.nodes[id]?.output as { index?: number } | undefined;
    return (
      draw.untilAt !== undefined &&
      state.nodes[id]?.status === "succeeded" &&
      (output?.index ?? -1) >= draw.untilAt
    );
  });
  if (held >= 0 && held < iterations.length - 1)
    out.push(`${draw.id}: iteration ${held} met until, yet ${iterations.length} iterations were added`);
  if (loop?.status !== "succeeded") return out;
  const last = iterations.length - 1;
  const output = loop.output as { index?: number; iterations?: number; exhausted?: boolean };
  if (output.iterations !== iterations.length || output.index !== last)
    out.push(`${draw.id}: output ${JSON.stringify(output)} after ${iterations.length} iterations`);
  if (output.exhausted !== (held !== last))
    out.push(`${draw.id}: exhausted ${output.exhausted}, until held at ${held}`);
  if (held < 0 && iterations.length !== draw.maxIterations)
    out.push(`${draw.id}: ended after ${iterations.length} iterations, until never held`);
  for (const id of iterations)
    if (state.nodes[id]?.status !== "succeeded")
      out.push(`${draw.id}: succeeded with ${id} ${state.nodes[id]?.status}`);
  return out;
}

/** Every broken container contract in one ended graph. */
export function containerViolations(
  draws: readonly ContainerDraw[],
  state: GraphState,
  events: readonly GraphEvent[],
): string[] {
  const out = duplicateIds(events);
  for (const draw of draws)
    out.push(...(draw.kind === "map" ? mapViolations(draw, state, events) : loopViolations(draw, state)));
  return out;
}
