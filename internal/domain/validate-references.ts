// What a node's templates (`prompt`, `system`) and `when` condition read, and whether they may read it: input
// keys are checked as each node is, node outputs once the graph is built (only ancestors can be read).

import { parseCondition } from "./condition.js";
import { type AncestryQuery, ancestorFlags, type Graph, indexOf } from "./graph-structure.js";
import type { Fields, NodeFacts } from "./node-facts.js";
import { ownValue } from "./path.js";
import { parseTemplate } from "./template.js";
import type { Resolution } from "./validate-top-level.js";
import { type FieldWhere, type Issues, pointer, quote } from "./validation-issues.js";

const TEMPLATE_FIELDS = ["prompt", "system"] as const;
const NO_FIELDS: readonly (typeof TEMPLATE_FIELDS)[number][] = [];

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Parses `when`, `prompt` and `system`, recording what they read; input keys are checked here already. */
export function checkTexts(
  node: Fields,
  ctx: Resolution,
  hasTemplates: boolean,
  facts: NodeFacts,
  at: FieldWhere,
  issues: Issues,
): void {
  for (const field of hasTemplates ? TEMPLATE_FIELDS : NO_FIELDS) {
    const text = ownValue(node, field);
    if (typeof text !== "string") continue;
    const max = ctx.limits.maxTextBytes;
    if (text.length > max || (text.length * 3 > max && utf8Length(text) > max)) {
      issues.add("too_large", `${field} is larger than ${max} bytes`, at(field));
      continue;
    }
    const parsed = parseTemplate(text);
    if (!parsed.ok) {
      issues.add("bad_template", `${field}: ${parsed.message} at position ${parsed.position}`, at(field));
      continue;
    }
    facts.refs.push({ field, refs: parsed.template.refs });
  }

  const when = ownValue(node, "when");
  if (when !== undefined) {
    if (typeof when !== "string") issues.add("bad_field", "when must be a string", at("when"));
    else {
      const parsed = parseCondition(when);
      if (!parsed.ok) {
        issues.add("bad_condition", `when: ${parsed.message} at position ${parsed.position}`, at("when"));
      } else facts.refs.push({ field: "when", refs: parsed.condition.refs });
    }
  }

  for (const { field, refs } of facts.refs) {
    for (const local of refs.locals ?? []) {
      if (ctx.locals?.has(local)) continue;
      const where = local === "last" ? "a loop's node template" : "a map's node template";
      issues.add("bad_template", `${field} reads ${local}, which exists only in ${where}`, at(field));
    }
  }
  if (ctx.inputKeys === undefined) return;
  for (const { field, refs } of facts.refs) {
    for (const key of refs.inputKeys) {
      if (!ctx.inputKeys.has(key)) {
        issues.add(
          "unknown_input",
          `${field} reads input.${key}, which the graph's input does not have`,
          at(field),
        );
      }
    }
  }
}

interface RefQuery extends AncestryQuery {
  facts: NodeFacts;
  field: string;
}

function reportNonUpstream(
  query: { facts: NodeFacts; field: string },
  target: string,
  why: string,
  issues: Issues,
): void {
  const { facts, field } = query;
  issues.add(
    "non_upstream_reference",
    `${field} reads nodes.${target}, but ${why}; only ancestors (via dependsOn) can be read`,
    { path: pointer("nodes", facts.index, field), nodeId: facts.id! },
  );
}

/**
 * Checks that every node a template or condition reads is an ancestor. Direct parents and level order answer
 * most questions at once; the rest go to `ancestorFlags` together.
 */
export function checkReferences(graph: Graph, facts: NodeFacts[], issues: Issues): void {
  const queries: RefQuery[] = [];
  // Indexed: a loop over every node in a function called once per spec mostly runs before the JIT has compiled
  // it, where for...of allocates a result object per element.
  for (let k = 0; k < facts.length; k++) {
    const f = facts[k]!;
    if (f.id === undefined || f.refs.length === 0) continue;
    const node = graph.atPosition[f.index]!;
    // Inside or behind a cycle ancestry is meaningless; the cycle is already reported.
    if (graph.level[node] === -1) continue;
    const parents = new Set(graph.parentList.subarray(graph.parentStart[node], graph.parentStart[node + 1]));
    for (const { field, refs } of f.refs) {
      for (const target of refs.nodes) {
        const t = indexOf(graph, target);
        const query = { facts: f, field };
        if (t === -1) reportNonUpstream(query, target, `there is no node ${quote(target)}`, issues);
        else if (t === node) reportNonUpstream(query, target, "a node cannot read its own output", issues);
        else if (parents.has(t)) continue;
        else if (graph.level[t] === -1 || graph.level[t]! >= graph.level[node]!) {
          reportNonUpstream(query, target, `${quote(target)} is not upstream of ${quote(f.id)}`, issues);
        } else queries.push({ node, target: t, facts: f, field });
      }
    }
  }
  if (queries.length === 0) return;
  const upstream = ancestorFlags(graph, queries);
  // Reported in query order, so the issues follow the order of the nodes.
  queries.forEach((q, i) => {
    if (upstream[i] === 1) return;
    const target = graph.ids[q.target]!;
    reportNonUpstream(q, target, `${quote(target)} is not upstream of ${quote(q.facts.id!)}`, issues);
  });
}
