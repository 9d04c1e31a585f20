// Checks a patch against the graph as it stands and resolves it. The graph it would make is validated whole, by
// the same rules as a submission (ids, cycles with their path, references, limits), and on top of that what only
// a patch can break: a node that already started cannot gain dependencies, and a node that ran or that another
// still needs cannot be removed. Every problem is reported at once, with paths into the patch.

import type { AddedDependencies, PatchBase, PatchLimits, ResolvedPatch } from "./graph-patch.js";
import type { ResolvedNode } from "./graph-spec.js";
import { isPlainObject, ownValue } from "./path.js";
import type { NodeStatus } from "./state.js";
import { validateGraph } from "./validate.js";
import type { ValidationContext, ValidationIssue, ValidationLimits } from "./validation.js";
import { describe, Issues, pointer, quote } from "./validation-issues.js";

const PATCH_FIELDS: ReadonlySet<string> = new Set([
  "ifVersion",
  "addNodes",
  "addDependencies",
  "removeNodes",
]);
/** Ids the engine gives map children and loop iterations: brackets are outside the ids clients may choose. */
const GENERATED_ID = /[[\]]/;
/** Nodes that never ran: a ready node is dispatched but not started, so it may still be removed. */
const REMOVABLE: ReadonlySet<NodeStatus> = new Set(["pending", "ready"]);

export type PatchValidation =
  /** `order`: every node of the patched graph, dependencies before dependents. */
  | { valid: true; errors: []; patch: ResolvedPatch; order: string[] }
  | { valid: false; errors: ValidationIssue[] };

interface Draft {
  addNodes: Record<string, unknown>[];
  /** Added dependencies per existing node, in the order the patch lists them. */
  extraDeps: Map<string, string[]>;
  addDependencies: AddedDependencies[];
  removeNodes: string[];
}

function statusText(status: NodeStatus | undefined): string {
  return status === "ready" ? "ready (already handed to workers)" : String(status);
}

/** The map or loop that added `id`: it alone releases, joins and ends its children, so a patch leaves them be. */
function containerOf(base: PatchBase, id: string): string | undefined {
  return base.nodes.find((node) => node.id === id)?.parent;
}

function containerChild(id: string, container: string): string {
  return `node ${quote(id)} belongs to ${quote(container)}, which adds and runs its children itself`;
}

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** Shape of the body and the rules on existing nodes; what is left is checked on the graph it would make. */
function readDraft(
  body: Record<string, unknown>,
  base: PatchBase,
  limits: PatchLimits,
  issues: Issues,
): Draft {
  const draft: Draft = { addNodes: [], extraDeps: new Map(), addDependencies: [], removeNodes: [] };
  for (const key of Object.keys(body)) {
    if (!PATCH_FIELDS.has(key))
      issues.add("unknown_field", `unknown field ${quote(key)}`, { path: pointer(key) });
  }
  if (base.patches >= limits.maxPatchesPerGraph) {
    issues.add(
      "too_many_patches",
      `the graph was already patched ${base.patches} times; at most ${limits.maxPatchesPerGraph} patches are allowed`,
      { path: "" },
    );
  }

  const addNodes = ownValue(body, "addNodes");
  if (addNodes !== undefined) {
    if (!Array.isArray(addNodes)) {
      issues.add("bad_field", `addNodes must be an array, got ${describe(addNodes)}`, { path: "/addNodes" });
    } else if (addNodes.length > limits.maxPatchNodes) {
      issues.add(
        "too_many_nodes",
        `the patch adds ${addNodes.length} nodes; at most ${limits.maxPatchNodes} are allowed per patch`,
        { path: "/addNodes" },
      );
    } else {
      for (const [i, node] of addNodes.entries()) {
        const id = isPlainObject(node) ? ownValue(node, "id") : undefined;
        if (typeof id === "string" && GENERATED_ID.test(id)) {
          issues.add("bad_node_id", `node id ${quote(id)} must be 1-64 characters from A-Z a-z 0-9 _ -`, {
            path: pointer("addNodes", i, "id"),
          });
        } else if (typeof id === "string" && base.statuses.has(id)) {
          issues.add("duplicate_node_id", `node id ${quote(id)} is already in the graph`, {
            path: pointer("addNodes", i, "id"),
            nodeId: id,
          });
        }
      }
      draft.addNodes = addNodes as Record<string, unknown>[];
    }
  }
  const addedIds = new Set<string>();
  for (const node of draft.addNodes) {
    const id = isPlainObject(node) ? ownValue(node, "id") : undefined;
    if (typeof id === "string") addedIds.add(id);
  }

  const removeNodes = ownValue(body, "removeNodes");
  const removed = new Set<string>();
  if (removeNodes !== undefined) {
    if (!stringList(removeNodes)) {
      issues.add("bad_field", "removeNodes must be an array of node ids", { path: "/removeNodes" });
    } else {
      for (const [i, id] of removeNodes.entries()) {
        const where = { path: pointer("removeNodes", i), nodeId: id };
        const status = base.statuses.get(id);
        if (removed.has(id)) issues.add("bad_field", `removeNodes lists ${quote(id)} more than once`, where);
        else if (status === undefined)
          issues.add("unknown_node", `the graph has no node ${quote(id)}`, where);
        else if (containerOf(base, id) !== undefined)
          issues.add(
            "container_child",
            `${containerChild(id, containerOf(base, id) as string)}: it cannot be removed`,
            where,
          );
        else if (!REMOVABLE.has(status)) {
          issues.add(
            "node_already_started",
            `node ${quote(id)} is ${statusText(status)}; only a node that never ran can be removed`,
            where,
          );
        }
        removed.add(id);
      }
      draft.removeNodes = [...removed];
    }
  }

  const addDependencies = ownValue(body, "addDependencies");
  if (addDependencies !== undefined) {
    if (!Array.isArray(addDependencies)) {
      issues.add("bad_field", `addDependencies must be an array, got ${describe(addDependencies)}`, {
        path: "/addDependencies",
      });
    } else {
      for (const [i, entry] of addDependencies.entries()) {
        readAddedDependencies(entry, i, base, addedIds, removed, draft, issues);
      }
    }
  }

  if (draft.addNodes.length === 0 && draft.addDependencies.length === 0 && draft.removeNodes.length === 0) {
    if (issues.list.length === 0) {
      issues.add("bad_field", "the patch changes nothing: give addNodes, addDependencies or removeNodes", {
        path: "",
      });
    }
  }
  return draft;
}

function readAddedDependencies(
  entry: unknown,
  i: number,
  base: PatchBase,
  addedIds: ReadonlySet<string>,
  removed: ReadonlySet<string>,
  draft: Draft,
  issues: Issues,
): void {
  const at = (...field: (string | number)[]) => pointer("addDependencies", i, ...field);
  if (!isPlainObject(entry)) {
    issues.add("not_an_object", `addDependencies entries must be objects, got ${describe(entry)}`, {
      path: at(),
    });
    return;
  }
  for (const key of Object.keys(entry)) {
    if (key !== "node" && key !== "dependsOn") {
      issues.add("unknown_field", `unknown field ${quote(key)}`, { path: at(key) });
    }
  }
  const node = ownValue(entry, "node");
  const dependsOn = ownValue(entry, "dependsOn");
  if (typeof node !== "string") {
    issues.add("missing_field", "node must name the node that gains dependencies", { path: at("node") });
    return;
  }
  if (!stringList(dependsOn) || dependsOn.length === 0) {
    issues.add("bad_field", "dependsOn must be a non-empty array of node ids", {
      path: at("dependsOn"),
      nodeId: node,
    });
    return;
  }
  const status = base.statuses.get(node);
  if (status === undefined) {
    const hint = addedIds.has(node) ? ": list the dependencies in the added node's own dependsOn" : "";
    issues.add("unknown_node", `the graph has no node ${quote(node)}${hint}`, {
      path: at("node"),
      nodeId: node,
    });
    return;
  }
  if (removed.has(node)) {
    issues.add("bad_field", `node ${quote(node)} is removed by this patch`, {
      path: at("node"),
      nodeId: node,
    });
    return;
  }
  const container = containerOf(base, node);
  if (container !== undefined) {
    issues.add("container_child", `${containerChild(node, container)}: it cannot gain dependencies`, {
      path: at("node"),
      nodeId: node,
    });
    return;
  }
  if (status !== "pending") {
    issues.add(
      "node_already_started",
      `node ${quote(node)} is ${statusText(status)}; dependencies can only be added to a pending node`,
      { path: at("node"), nodeId: node },
    );
    return;
  }
  const current = new Set(base.nodes.find((n) => n.id === node)?.dependsOn ?? []);
  const extra = draft.extraDeps.get(node) ?? [];
  const accepted: string[] = [];
  for (const [j, dep] of dependsOn.entries()) {
    const where = { path: at("dependsOn", j), nodeId: node };
    if (dep === node) issues.add("self_dependency", `node ${quote(dep)} cannot depend on itself`, where);
    else if (removed.has(dep))
      issues.add("node_still_needed", `node ${quote(dep)} is removed by this patch`, where);
    else if (!base.statuses.has(dep) && !addedIds.has(dep)) {
      issues.add("unknown_dependency", `dependsOn names unknown node ${quote(dep)}`, where);
    } else if (current.has(dep) || extra.includes(dep) || accepted.includes(dep)) {
      issues.add("duplicate_dependency", `node ${quote(node)} already depends on ${quote(dep)}`, where);
    } else accepted.push(dep);
  }
  if (accepted.length === 0) return;
  draft.extraDeps.set(node, [...extra, ...accepted]);
  draft.addDependencies.push({ node, dependsOn: accepted });
}

/**
 * An existing node as the merged graph sees it: only its id and dependencies. It passed its own checks when it
 * was added, and what it reads are its ancestors, which a patch cannot take away (a needed node is not removable).
 */
function skeletonOf(node: ResolvedNode, extraDeps: readonly string[] | undefined): Record<string, unknown> {
  return {
    id: node.id,
    type: "noop",
    dependsOn: extraDeps ? [...node.dependsOn, ...extraDeps] : node.dependsOn,
  };
}

/** A removed node that a node staying in the graph (or one the patch adds) still depends on. */
function checkStillNeeded(draft: Draft, kept: readonly ResolvedNode[], issues: Issues): void {
  if (draft.removeNodes.length === 0) return;
  const removed = new Set(draft.removeNodes);
  const neededBy = new Map<string, string>();
  for (const node of kept) {
    for (const dep of [...node.dependsOn, ...(draft.extraDeps.get(node.id) ?? [])]) {
      if (removed.has(dep) && !neededBy.has(dep)) neededBy.set(dep, node.id);
    }
  }
  for (const node of draft.addNodes) {
    const deps = isPlainObject(node) ? ownValue(node, "dependsOn") : undefined;
    const id = isPlainObject(node) ? ownValue(node, "id") : undefined;
    if (!stringList(deps)) continue;
    for (const dep of deps) if (removed.has(dep) && !neededBy.has(dep)) neededBy.set(dep, String(id));
  }
  for (const [i, id] of draft.removeNodes.entries()) {
    const user = neededBy.get(id);
    if (user !== undefined) {
      issues.add("node_still_needed", `node ${quote(id)} cannot be removed: ${quote(user)} depends on it`, {
        path: pointer("removeNodes", i),
        nodeId: id,
      });
    }
  }
}

/** Moves an issue of the merged graph onto the patch: added nodes sit at /addNodes/j, existing ones lose the path. */
function onPatch(issue: ValidationIssue, existing: number, draft: Draft): ValidationIssue {
  const moved = { ...issue };
  const match = issue.path === undefined ? null : /^\/nodes\/(\d+)(.*)$/.exec(issue.path);
  if (match) {
    const index = Number(match[1]);
    if (index >= existing) moved.path = `/addNodes/${index - existing}${match[2]}`;
    else delete moved.path;
  } else if (issue.path === "/nodes") {
    moved.path =
      issue.code === "cycle" && draft.addDependencies.length > 0 ? "/addDependencies" : "/addNodes";
  }
  return moved;
}

/**
 * Validates `body` (a parsed patch; `ifVersion` is the caller's to check) against `base` and resolves it. The graph
 * it would make is held to `limits` like any submission; `patchLimits` bound the patch itself.
 */
export function validatePatch(
  body: unknown,
  base: PatchBase,
  limits: Partial<ValidationLimits>,
  patchLimits: PatchLimits,
  context?: ValidationContext,
): PatchValidation {
  const issues = new Issues();
  if (!isPlainObject(body)) {
    issues.add("not_an_object", `a patch must be an object, got ${describe(body)}`, { path: "" });
    return { valid: false, errors: issues.list };
  }
  const draft = readDraft(body, base, patchLimits, issues);
  const removed = new Set(draft.removeNodes);
  const kept = base.nodes.filter((node) => !removed.has(node.id));
  checkStillNeeded(draft, kept, issues);
  if (issues.list.length > 0) return { valid: false, errors: issues.list };

  const merged: Record<string, unknown> = {
    name: base.name,
    input: base.input,
    nodes: [...kept.map((node) => skeletonOf(node, draft.extraDeps.get(node.id))), ...draft.addNodes],
  };
  if (base.defaults !== undefined) merged.defaults = base.defaults;
  const result = validateGraph(merged, limits, { ...context, generatedIds: true });
  if (!result.valid) {
    return { valid: false, errors: result.errors.map((issue) => onPatch(issue, kept.length, draft)) };
  }
  const byId = new Map(result.graph.nodes.map((node) => [node.id, node]));
  const addedIds = new Set(draft.addNodes.map((node) => ownValue(node, "id") as string));
  const addNodes = result.levels
    .flat()
    .filter((id) => addedIds.has(id))
    .map((id) => byId.get(id) as ResolvedNode);
  const patch: ResolvedPatch = {
    addNodes,
    addDependencies: draft.addDependencies,
    removeNodes: draft.removeNodes,
    changedNodes: kept
      .filter((node) => draft.extraDeps.has(node.id))
      .map((node) => ({ ...node, dependsOn: [...node.dependsOn, ...(draft.extraDeps.get(node.id) ?? [])] })),
    removedNodes: base.nodes.filter((node) => removed.has(node.id)),
  };
  return { valid: true, errors: [], patch, order: result.levels.flat() };
}
