// Turns a spec that passed every check into the form the engine stores: defaults applied, references
// collected, routing keys computed.

import type { GraphBudget } from "./graph-budget.js";
import {
  BUILTIN_NODE_TYPES,
  type GraphDefaults,
  type ResolvedGraph,
  type ResolvedNode,
  type RetryPolicy,
  workerRoutePart,
} from "./graph-spec.js";
import type { NodeFacts } from "./node-facts.js";
import { ownValue } from "./path.js";
import type { Resolution } from "./validate-top-level.js";

const BUILTIN_TYPES: ReadonlySet<string> = new Set(BUILTIN_NODE_TYPES);
const RESOLVED_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "type",
  "dependsOn",
  "timeoutMs",
  "scheduleTimeoutMs",
  "retry",
  "priority",
  "requires",
  "continueOnFailure",
  "refs",
  "route",
  "maxItems",
  "node",
]);

function resolveNode(facts: NodeFacts, ctx: Resolution): ResolvedNode {
  const { fields } = facts;
  const type = ownValue(fields, "type") as string;
  const ownRequires = ownValue(fields, "requires") as string[] | undefined;
  const requires = ownRequires === undefined ? [] : [...ownRequires].sort();
  // Most nodes read no other node: no set to build for them.
  let refs: string[] = [];
  if (facts.refs.length > 0) {
    const read = new Set<string>();
    for (const { refs: fieldRefs } of facts.refs) for (const nodeId of fieldRefs.nodes) read.add(nodeId);
    refs = [...read].sort();
  }
  const routeParts = BUILTIN_TYPES.has(type) ? [...requires] : [...requires, `type:${type}`];
  // A pinned node's route has a part only its worker offers: a route of one.
  const worker = ownValue(fields, "worker") as string | undefined;
  if (worker !== undefined) routeParts.push(workerRoutePart(worker));
  routeParts.sort();
  const node: ResolvedNode = {
    id: ownValue(fields, "id") as string,
    type,
    dependsOn: [...((ownValue(fields, "dependsOn") as string[] | undefined) ?? [])],
    // An approval's own timeoutMs bounds the wait for a person; its short step on a worker gets the default.
    timeoutMs:
      (type === "approval" ? undefined : (ownValue(fields, "timeoutMs") as number | undefined)) ??
      ctx.defaultTimeoutMs,
    scheduleTimeoutMs:
      (ownValue(fields, "scheduleTimeoutMs") as number | undefined) ?? ctx.defaultScheduleTimeoutMs,
    retry: { ...ctx.defaultRetry, ...(ownValue(fields, "retry") as Partial<RetryPolicy> | undefined) },
    priority: (ownValue(fields, "priority") as number | undefined) ?? 0,
    requires,
    continueOnFailure: (ownValue(fields, "continueOnFailure") as boolean | undefined) ?? false,
    refs,
    route: routeParts.join("+"),
  };
  if (type === "approval") {
    const decisionTimeoutMs = ownValue(fields, "timeoutMs") as number | undefined;
    if (decisionTimeoutMs !== undefined) node.decisionTimeoutMs = decisionTimeoutMs;
  }
  if (type === "map")
    node.maxItems = (ownValue(fields, "maxItems") as number | undefined) ?? ctx.limits.defaultMapItems;
  if (facts.template) node.node = resolveNode(facts.template, ctx);
  // The other fields (prompt, when, a custom type's settings) are copied as data: defineProperty keeps a field
  // named "__proto__" an ordinary field, and it is far faster in V8 than spreading the spec node first.
  for (const key of Object.keys(fields)) {
    if (RESOLVED_FIELDS.has(key)) continue;
    Object.defineProperty(node, key, {
      value: ownValue(fields, key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return node;
}

/** The resolved graph of a valid spec; `facts` are its nodes' facts, in submission order. */
export function resolveGraph(
  spec: Record<string, unknown>,
  facts: NodeFacts[],
  ctx: Resolution,
  levels: string[][],
): ResolvedGraph {
  const graph: ResolvedGraph = {
    name: ownValue(spec, "name") as string,
    input: { ...((ownValue(spec, "input") as Record<string, unknown> | undefined) ?? {}) },
    nodes: facts.map((f) => resolveNode(f, ctx)),
    levels,
  };
  const defaults = ownValue(spec, "defaults");
  if (defaults !== undefined) graph.defaults = defaults as GraphDefaults;
  const budget = ownValue(spec, "budget");
  if (budget !== undefined) graph.budget = { ...(budget as GraphBudget) };
  return graph;
}
