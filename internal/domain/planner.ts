// An `llm` node with `plan` is a planner: its model answers with nodes to add to the graph, and dago turns that
// answer into a patch applied with the planner's completion. Here: the planner's settings, the schema the model
// answers in, and the check that turns an answer into a patch (or into the list of everything wrong with it).
// Planned ids must start with the planner's id and a dash, so they can never collide with the ids of the graph's
// author, and a prompt can read a planned node's output under the very id the model chose.

import type { GraphPatchSpec } from "./graph-patch.js";
import { NODE_ID_PATTERN, type NodeSpec } from "./graph-spec.js";
import { isPlainObject, ownValue } from "./path.js";
import { describe, quote } from "./validation-issues.js";

/** The most nodes one plan may hold, whatever maxNodes asks. */
export const MAX_PLAN_NODES = 100;
export const DEFAULT_PLAN_MAX_NODES = 10;
export const DEFAULT_PLAN_TYPES: readonly string[] = ["llm", "noop"];
/** Types a planned node may never have: containers and waiting nodes change the graph or hold it. */
export const FORBIDDEN_PLAN_TYPES: ReadonlySet<string> = new Set(["map", "loop", "approval"]);
/** The fields of a planned node dago takes; anything else the model adds stays in the output only. */
export const PLANNED_NODE_FIELDS = ["id", "type", "prompt", "dependsOn"] as const;

export interface PlanSettings {
  allowTypes: string[];
  maxNodes: number;
  attachTo: string[];
}

/** The planner's settings with defaults applied; `plan` was validated with the graph. */
export function planSettings(plan: unknown): PlanSettings {
  const fields = isPlainObject(plan) ? plan : {};
  const allowTypes = ownValue(fields, "allowTypes");
  const maxNodes = ownValue(fields, "maxNodes");
  const attachTo = ownValue(fields, "attachTo");
  return {
    allowTypes: Array.isArray(allowTypes) ? (allowTypes as string[]) : [...DEFAULT_PLAN_TYPES],
    maxNodes: typeof maxNodes === "number" ? maxNodes : DEFAULT_PLAN_MAX_NODES,
    attachTo: Array.isArray(attachTo) ? (attachTo as string[]) : [],
  };
}

/** The prefix every planned id must start with. */
export function plannedIdPrefix(plannerId: string): string {
  return `${plannerId}-`;
}

/** The JSON Schema of a plan: what the model is forced (Anthropic) or told (OpenAI-compatible) to answer. */
export function planSchema(plannerId: string, settings: PlanSettings): Record<string, unknown> {
  const prefix = plannedIdPrefix(plannerId);
  return {
    type: "object",
    required: ["nodes"],
    properties: {
      nodes: {
        type: "array",
        minItems: 1,
        maxItems: settings.maxNodes,
        items: {
          type: "object",
          required: ["id", "type"],
          properties: {
            id: { type: "string", description: `Starts with "${prefix}"; A-Z a-z 0-9 _ - only, 64 at most.` },
            type: { type: "string", enum: settings.allowTypes },
            prompt: { type: "string", description: "The node's prompt (required for llm nodes)." },
            dependsOn: {
              type: "array",
              items: { type: "string" },
              description: "Ids of other planned nodes this one waits for.",
            },
          },
        },
      },
    },
  };
}

export type PlanCheck = { ok: true; patch: GraphPatchSpec } | { ok: false; problems: string[] };

interface PlannedNode {
  id: string;
  deps: string[];
  spec: NodeSpec;
}

/**
 * Checks a plan as the model gave it and turns it into the planner's patch: planned nodes that wait for no other
 * planned node wait for the planner, and each `attachTo` node waits for the plan's sinks. What only the graph can
 * tell (an id already taken, a template reading a node that is not upstream) is checked with the patch.
 */
export function planToPatch(plannerId: string, settings: PlanSettings, answer: unknown): PlanCheck {
  const problems: string[] = [];
  const nodes = isPlainObject(answer) ? ownValue(answer, "nodes") : undefined;
  if (!Array.isArray(nodes)) {
    const got = isPlainObject(answer) ? describe(nodes) : describe(answer);
    return { ok: false, problems: [`the plan must be an object with a "nodes" array, got ${got}`] };
  }
  if (nodes.length === 0) return { ok: false, problems: ["the plan has no nodes; give at least one"] };
  if (nodes.length > settings.maxNodes) {
    problems.push(`the plan has ${nodes.length} nodes; at most ${settings.maxNodes} are allowed`);
  }
  const planned: PlannedNode[] = [];
  const ids = new Set<string>();
  nodes.forEach((node: unknown, i) => {
    const found = readNode(node, i, plannerId, settings, ids, problems);
    if (found) planned.push(found);
  });
  for (const node of planned) {
    const seen = new Set<string>();
    for (const dep of node.deps) {
      if (dep === node.id) problems.push(`node ${quote(node.id)} depends on itself`);
      else if (!ids.has(dep)) {
        problems.push(`node ${quote(node.id)} depends on ${quote(dep)}, which is not a node of the plan`);
      } else if (seen.has(dep)) problems.push(`node ${quote(node.id)} lists ${quote(dep)} more than once`);
      seen.add(dep);
    }
  }
  if (problems.length === 0) {
    const cycle = cycleOf(planned);
    if (cycle) problems.push(`the plan has a cycle: ${cycle.join(" -> ")}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const needed = new Set(planned.flatMap((n) => n.deps));
  const sinks = planned.filter((n) => !needed.has(n.id)).map((n) => n.id);
  const patch: GraphPatchSpec = {
    addNodes: planned.map((n) => ({ ...n.spec, dependsOn: n.deps.length > 0 ? n.deps : [plannerId] })),
  };
  if (settings.attachTo.length > 0) {
    patch.addDependencies = settings.attachTo.map((node) => ({ node, dependsOn: sinks }));
  }
  return { ok: true, patch };
}

function readNode(
  node: unknown,
  i: number,
  plannerId: string,
  settings: PlanSettings,
  ids: Set<string>,
  problems: string[],
): PlannedNode | undefined {
  const at = `nodes[${i}]`;
  if (!isPlainObject(node)) {
    problems.push(`${at} must be an object, got ${describe(node)}`);
    return undefined;
  }
  let valid = true;
  const id = ownValue(node, "id");
  const prefix = plannedIdPrefix(plannerId);
  if (typeof id !== "string") {
    problems.push(`${at}.id must be a string, got ${describe(id)}`);
    valid = false;
  } else if (!id.startsWith(prefix) || id.length === prefix.length) {
    problems.push(`${at}.id ${quote(id)} must start with ${quote(prefix)} followed by a name`);
    valid = false;
  } else if (!NODE_ID_PATTERN.test(id)) {
    problems.push(`${at}.id ${quote(id)} must be 1-64 characters from A-Z a-z 0-9 _ -`);
    valid = false;
  } else if (ids.has(id)) {
    problems.push(`${at}.id ${quote(id)} is used by another node of the plan`);
    valid = false;
  }
  const type = ownValue(node, "type");
  if (typeof type !== "string" || !settings.allowTypes.includes(type)) {
    const shown = typeof type === "string" ? quote(type) : describe(type);
    problems.push(`${at}.type ${shown} is not allowed; use one of ${settings.allowTypes.join(", ")}`);
    valid = false;
  }
  const prompt = ownValue(node, "prompt");
  if (prompt !== undefined && (typeof prompt !== "string" || prompt === "")) {
    problems.push(`${at}.prompt must be a non-empty string`);
    valid = false;
  } else if (prompt === undefined && type === "llm") {
    problems.push(`${at} is an llm node and needs a prompt`);
    valid = false;
  }
  const dependsOn = ownValue(node, "dependsOn") ?? [];
  if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === "string")) {
    problems.push(`${at}.dependsOn must be an array of planned node ids`);
    valid = false;
  }
  if (typeof id === "string") ids.add(id);
  if (!valid) return undefined;
  const spec: NodeSpec = { id: id as string, type: type as string };
  // A noop node takes no prompt; one the model wrote anyway is dropped rather than refused.
  if (typeof prompt === "string" && type !== "noop") spec.prompt = prompt;
  return { id: id as string, deps: [...(dependsOn as string[])], spec };
}

/** One cycle of the plan (the first id repeated at the end), found by a depth-first walk; plans are small. */
function cycleOf(planned: readonly PlannedNode[]): string[] | undefined {
  const deps = new Map(planned.map((n) => [n.id, n.deps]));
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "open") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "open");
    path.push(id);
    for (const dep of deps.get(id) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const n of planned) {
    const found = visit(n.id);
    if (found) return found;
  }
  return undefined;
}
