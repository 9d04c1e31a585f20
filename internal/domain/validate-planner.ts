// Checks `plan` on an `llm` node (the node becomes a planner, see planner.ts): the types planned nodes may have,
// how many there may be, and the nodes that wait for the plan. Those (`attachTo`) must exist and depend on the
// planner, directly or through other nodes, so they are still pending when its plan is added.

import { NODE_ID_PATTERN } from "./graph-spec.js";
import { type AncestryQuery, ancestorFlags, type Graph, indexOf } from "./graph-structure.js";
import type { Fields, NodeFacts } from "./node-facts.js";
import { isPlainObject, ownValue } from "./path.js";
import { FORBIDDEN_PLAN_TYPES, MAX_PLAN_NODES } from "./planner.js";
import { isIntegerIn } from "./validate-values.js";
import { describe, type FieldWhere, type Issues, pointer, quote } from "./validation-issues.js";

const PLAN_FIELDS: ReadonlySet<string> = new Set(["allowTypes", "maxNodes", "attachTo"]);
const TYPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_LIST = 100;

/** Checks `plan` of an llm node; records its attachTo ids on `facts` for the graph-wide check. */
export function checkPlanField(node: Fields, facts: NodeFacts, at: FieldWhere, issues: Issues): void {
  const plan = ownValue(node, "plan");
  if (plan === undefined) return;
  if (!isPlainObject(plan)) {
    issues.add("bad_field", `plan must be an object, got ${describe(plan)}`, at("plan"));
    return;
  }
  if (ownValue(node, "outputSchema") !== undefined) {
    issues.add(
      "bad_field",
      "a node with plan cannot have outputSchema: a planner's output is its plan",
      at("outputSchema"),
    );
  }
  for (const key of Object.keys(plan)) {
    if (!PLAN_FIELDS.has(key))
      issues.add("unknown_field", `unknown field ${quote(key)} in plan`, at("plan", key));
  }
  checkAllowTypes(ownValue(plan, "allowTypes"), at, issues);
  const maxNodes = ownValue(plan, "maxNodes");
  if (maxNodes !== undefined && !isIntegerIn(maxNodes, 1, MAX_PLAN_NODES)) {
    issues.add(
      "bad_field",
      `plan.maxNodes must be an integer from 1 to ${MAX_PLAN_NODES}`,
      at("plan", "maxNodes"),
    );
  }
  const attachTo = ownValue(plan, "attachTo");
  if (attachTo === undefined) return;
  if (!Array.isArray(attachTo) || attachTo.length > MAX_LIST) {
    issues.add(
      "bad_field",
      `plan.attachTo must be an array of at most ${MAX_LIST} node ids, got ${describe(attachTo)}`,
      at("plan", "attachTo"),
    );
    return;
  }
  const ids: string[] = [];
  attachTo.forEach((id: unknown, i) => {
    if (typeof id !== "string" || !NODE_ID_PATTERN.test(id)) {
      issues.add("bad_field", "plan.attachTo entries must be node ids", at("plan", "attachTo", i));
    } else if (ids.includes(id)) {
      issues.add("bad_field", `plan.attachTo lists ${quote(id)} more than once`, at("plan", "attachTo", i));
    } else ids.push(id);
  });
  facts.attachTo = ids;
}

function checkAllowTypes(value: unknown, at: FieldWhere, issues: Issues): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
    issues.add(
      "bad_field",
      `plan.allowTypes must be an array of 1 to ${MAX_LIST} node types, got ${describe(value)}`,
      at("plan", "allowTypes"),
    );
    return;
  }
  const seen = new Set<string>();
  value.forEach((type: unknown, i) => {
    const where = at("plan", "allowTypes", i);
    if (typeof type !== "string" || !TYPE_PATTERN.test(type)) {
      issues.add("bad_field", "plan.allowTypes entries must be node types", where);
    } else if (FORBIDDEN_PLAN_TYPES.has(type)) {
      issues.add("bad_field", `a plan cannot add ${quote(type)} nodes`, where);
    } else if (seen.has(type)) {
      issues.add("bad_field", `plan.allowTypes lists ${quote(type)} more than once`, where);
    } else seen.add(type);
  });
}

interface AttachQuery extends AncestryQuery {
  facts: NodeFacts;
  position: number;
  id: string;
}

/** Every attachTo node must exist and descend from its planner. */
export function checkAttachments(graph: Graph, facts: readonly NodeFacts[], issues: Issues): void {
  const queries: AttachQuery[] = [];
  for (const f of facts) {
    if (f.id === undefined || f.attachTo === undefined) continue;
    const planner = graph.atPosition[f.index]!;
    f.attachTo.forEach((id, position) => {
      const where = { path: pointer("nodes", f.index, "plan", "attachTo", position), nodeId: f.id! };
      const node = indexOf(graph, id);
      if (node === -1) issues.add("bad_field", `plan.attachTo names unknown node ${quote(id)}`, where);
      else if (node === planner) issues.add("bad_field", "a planner cannot attach its plan to itself", where);
      // Inside or behind a cycle ancestry is meaningless; the cycle is already reported.
      else if (graph.level[node] !== -1 && graph.level[planner] !== -1) {
        queries.push({ node, target: planner, facts: f, position, id });
      }
    });
  }
  if (queries.length === 0) return;
  const upstream = ancestorFlags(graph, queries);
  queries.forEach((q, i) => {
    if (upstream[i] === 1) return;
    issues.add(
      "bad_field",
      `plan.attachTo names ${quote(q.id)}, which does not depend on ${quote(q.facts.id!)}: an attached node must ` +
        "wait for the planner (directly or through other nodes), so it is still pending when the plan is added",
      { path: pointer("nodes", q.facts.index, "plan", "attachTo", q.position), nodeId: q.facts.id! },
    );
  });
}
