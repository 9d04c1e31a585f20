// Runs a `map` node: reads the list at its `over` path and adds one child per item, in one engine step. The map
// then runs, holding no slot, until its last child ends; the engine completes it with their outputs in order.
import type { ResolvedNode } from "../domain/graph-spec.js";
import { type ConditionScope, lookupPath, parsePath } from "../domain/path.js";
import type { CompletionOutcome, GraphStore } from "../store/graph-store.js";
import { addEngineNodes } from "./engine-added-nodes.js";
import { NodeExecutionError } from "./executor.js";
import type { PatchValidationLimits } from "./patched-completion.js";

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
  const request = {
    graphId: run.graphId,
    added: children,
    source: "map" as const,
    by: run.nodeId,
    held,
    tooMany: (total: number) =>
      new NodeExecutionError(
        "map_too_many_items",
        `${children.length} children would make the graph ${total} nodes; DAGO_MAX_NODES is ${limits.maxNodes}`,
        { retryable: false },
      ),
  };
  return addEngineNodes(engine, request, limits, (toApply) =>
    engine.expandNode(run.graphId, run.nodeId, run.attempt, concurrency, toApply),
  );
}
