// Runs a `map` node: reads the list at its `over` path and adds one child per item, in one engine step. The map
// then runs, holding no slot, until its last child ends; the engine completes it with their outputs in order.
import type { ResolvedNode } from "../domain/graph-spec.js";
import { type ConditionScope, lookupPath, parsePath } from "../domain/path.js";
import type { CompletionOutcome, GraphStore } from "../store/graph-store.js";
import { NodeExecutionError } from "./executor.js";
import type { PatchValidationLimits } from "./patched-completion.js";

const MAX_TRIES = 8;

export interface MapAttempt {
  graphId: string;
  nodeId: string;
  attempt: number;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The list a map reads; a value that is no list, or too long a list, fails the map for good. */
export function mapItems(node: ResolvedNode, scope: ConditionScope): unknown[] {
  const over = String(node.over);
  const parsed = parsePath(over, 0);
  if (!parsed.ok)
    throw new NodeExecutionError("map_over_not_list", `over does not parse: ${parsed.message}`, {
      retryable: false,
    });
  const value = lookupPath(parsed.value, scope);
  if (!Array.isArray(value)) {
    throw new NodeExecutionError("map_over_not_list", `over (${over}) is ${kindOf(value)}, not a list`, {
      retryable: false,
    });
  }
  const max = node.maxItems ?? Number.POSITIVE_INFINITY;
  if (value.length > max) {
    throw new NodeExecutionError(
      "map_too_many_items",
      `over (${over}) has ${value.length} items; maxItems is ${max}`,
      {
        retryable: false,
      },
    );
  }
  return value;
}

/** Child `i` of a map: the resolved template under the child's id, with its item and position. */
export function mapChild(map: ResolvedNode, item: unknown, index: number): ResolvedNode {
  const template = map.node as ResolvedNode;
  return { ...template, id: `${map.id}[${index}]`, dependsOn: [], parent: map.id, item, index };
}

export async function expandMap(
  engine: GraphStore,
  run: MapAttempt,
  node: ResolvedNode,
  scope: ConditionScope,
  limits: PatchValidationLimits,
): Promise<CompletionOutcome> {
  const items = mapItems(node, scope);
  if (items.length === 0) return engine.completeNode(run.graphId, run.nodeId, run.attempt, "[]");
  const children = items.map((item, i) => mapChild(node, item, i));
  const concurrency = Math.min(node.concurrency ?? children.length, children.length);
  const held = new Set(children.slice(concurrency).map((child) => child.id));
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const base = await engine.patchBase(run.graphId);
    if (!base) return { applied: false, reason: "graph_gone" };
    const total = base.nodes.length + children.length;
    if (total > limits.maxNodes) {
      throw new NodeExecutionError(
        "map_too_many_items",
        `${children.length} children would make the graph ${total} nodes; DAGO_MAX_NODES is ${limits.maxNodes}`,
        { retryable: false },
      );
    }
    const outcome = await engine.expandNode(run.graphId, run.nodeId, run.attempt, concurrency, {
      patch: { addNodes: children, addDependencies: [], removeNodes: [], changedNodes: [], removedNodes: [] },
      source: "map",
      by: run.nodeId,
      structureVersion: base.patches,
      order: [...base.nodes.map((n) => n.id), ...children.map((child) => child.id)],
      held,
    });
    if (outcome.applied || outcome.reason !== "patch_refused") return outcome;
  }
  throw new NodeExecutionError("patch_conflict", "the graph kept changing structure while the map expanded");
}
