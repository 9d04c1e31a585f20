// Checks a submitted graph spec and resolves it into the form the engine stores. Every problem is reported at
// once, so a client can fix a spec in one round trip. The work is linear in nodes + edges (plus a word-parallel
// pass for references that skip generations), and nothing recurses on the graph's shape, so a 100,000-node chain
// is as safe as a 3-node one. User-chosen ids (`__proto__`, `constructor`...) only ever key Maps and Sets.

import { buildGraph, findCycles, levelsOf } from "./graph-structure.js";
import type { NodeFacts } from "./node-facts.js";
import { isPlainObject, ownValue } from "./path.js";
import { resolveGraph } from "./resolve-graph.js";
import { checkNode, indexIds } from "./validate-node.js";
import { checkAttachments } from "./validate-planner.js";
import { checkReferences } from "./validate-references.js";
import { checkShape } from "./validate-shape.js";
import { checkTopLevel, resolveLimits } from "./validate-top-level.js";
import type { ValidationContext, ValidationLimits, ValidationResult } from "./validation.js";
import { describe, Issues } from "./validation-issues.js";

function countEdges(nodes: unknown[]): number {
  let edges = 0;
  // Indexed: for...of allocates per element until the JIT compiles the loop, and this one runs once per spec.
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const dependsOn = isPlainObject(node) ? ownValue(node, "dependsOn") : undefined;
    if (Array.isArray(dependsOn)) edges += dependsOn.length;
  }
  return edges;
}

/**
 * Validates a graph spec (any parsed JSON/YAML value) and, when it is valid, resolves it: defaults applied,
 * references collected, routing keys and topological levels computed. `context` adds what the deployment knows
 * (the node types its workers serve).
 */
export function validateGraph(
  spec: unknown,
  limits?: Partial<ValidationLimits>,
  context?: ValidationContext,
): ValidationResult {
  const issues = new Issues();
  if (!isPlainObject(spec)) {
    issues.add("not_an_object", `a graph spec must be an object, got ${describe(spec)}`, { path: "" });
    return { valid: false, errors: issues.list, levels: [] };
  }
  checkShape(spec, issues);
  const ctx = checkTopLevel(spec, resolveLimits(limits), issues, context);

  const nodes = ownValue(spec, "nodes");
  if (nodes === undefined) issues.add("missing_field", "nodes is required", { path: "/nodes" });
  else if (!Array.isArray(nodes)) {
    issues.add("bad_field", `nodes must be an array, got ${describe(nodes)}`, { path: "/nodes" });
  } else if (nodes.length === 0) {
    issues.add("bad_field", "nodes must hold at least one node", { path: "/nodes" });
  }
  if (!Array.isArray(nodes) || nodes.length === 0) return { valid: false, errors: issues.list, levels: [] };

  if (nodes.length > ctx.limits.maxNodes) {
    // Checking each node of an oversized body would only produce an oversized answer.
    const message = `the graph has ${nodes.length} nodes; at most ${ctx.limits.maxNodes} are allowed`;
    issues.add("too_many_nodes", message, { path: "/nodes" });
    return { valid: false, errors: issues.list, levels: [] };
  }
  const edges = countEdges(nodes);
  const tooManyEdges = edges > ctx.limits.maxEdges;
  if (tooManyEdges) {
    const message = `the graph has ${edges} dependencies; at most ${ctx.limits.maxEdges} are allowed`;
    issues.add("too_many_edges", message, { path: "/nodes" });
  }

  const ids = indexIds(nodes, issues);
  const facts: NodeFacts[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const checked = checkNode(nodes[i], i, ids, ctx, issues);
    if (checked !== undefined) facts.push(checked);
  }
  if (tooManyEdges) return { valid: false, errors: issues.list, levels: [] };

  const graph = buildGraph(facts, nodes.length, ids.first);
  const levels = levelsOf(graph);
  for (const cycle of findCycles(graph)) {
    issues.add("cycle", `cycle: ${cycle.join(" -> ")}`, { path: "/nodes", nodeId: cycle[0]! }, cycle);
  }
  checkReferences(graph, facts, issues);
  checkAttachments(graph, facts, issues);

  if (issues.list.length > 0) return { valid: false, errors: issues.list, levels };
  return { valid: true, errors: [], levels, graph: resolveGraph(spec, facts, ctx, levels) };
}
