// Checks each node's own fields (id, type, dependsOn, settings, llm fields) and records the facts the later
// stages need: its id, its known dependencies and what its texts read.

import { CAPABILITY_PATTERN, NODE_ID_PATTERN, WORKER_NAME_PATTERN } from "./graph-spec.js";
import type { Fields, NodeFacts } from "./node-facts.js";
import { isPlainObject, ownValue } from "./path.js";
import { suggestBuiltinType } from "./type-suggestion.js";
import { APPROVAL_FIELDS, checkApprovalNode } from "./validate-approval.js";
import { checkLoopNode, checkMapNode, LOOP_FIELDS, MAP_FIELDS } from "./validate-container.js";
import { checkLlmFields, LLM_ONLY_FIELDS } from "./validate-llm.js";
import { checkPlanField } from "./validate-planner.js";
import { checkTexts } from "./validate-references.js";
import type { Resolution } from "./validate-top-level.js";
import {
  checkBackoffOrder,
  checkRetry,
  checkScheduleTimeout,
  checkTimeout,
  isIntegerIn,
  isJsonValue,
} from "./validate-values.js";
import { describe, type FieldWhere, type Issues, pointer, quote, type Where } from "./validation-issues.js";

const PRIORITY_LIMIT = 1000;
/** A map child's or loop iteration's id: its container's id and its position. */
const GENERATED_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}\[\d{1,6}\]$/;
const NO_DEPS: readonly number[] = Object.freeze([]);
/** Longest dependsOn list checked for repeats without a Set. */
const SHORT_LIST = 16;
const TYPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const COMMON_NODE_FIELDS = [
  "id",
  "type",
  "dependsOn",
  "timeoutMs",
  "scheduleTimeoutMs",
  "retry",
  "priority",
  "requires",
  "worker",
  "when",
  "continueOnFailure",
];
const BUILTIN_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["llm", new Set([...COMMON_NODE_FIELDS, ...LLM_ONLY_FIELDS, "plan"])],
  ["noop", new Set(COMMON_NODE_FIELDS)],
  ["map", new Set([...COMMON_NODE_FIELDS, ...MAP_FIELDS])],
  ["loop", new Set([...COMMON_NODE_FIELDS, ...LOOP_FIELDS])],
  ["approval", new Set([...COMMON_NODE_FIELDS, ...APPROVAL_FIELDS])],
]);

/** The ids the nodes use, any string, so a bad id is not also an unknown dependency. */
export interface NodeIds {
  /** id → position in `nodes` of the first node with that id. */
  readonly first: ReadonlyMap<string, number>;
  /** 1 at the position of every node that is the first with its id: later stages need no lookup to know. */
  readonly isFirst: Uint8Array;
}

/** First pass over the nodes: which ids exist, and where each first occurs. */
export function indexIds(nodes: unknown[], issues: Issues): NodeIds {
  const first = new Map<string, number>();
  const isFirst = new Uint8Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const id = isPlainObject(node) ? ownValue(node, "id") : undefined;
    if (typeof id !== "string") continue;
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      isFirst[i] = 1;
    } else {
      const where: Where = { path: pointer("nodes", i, "id") };
      if (NODE_ID_PATTERN.test(id)) where.nodeId = id;
      issues.add("duplicate_node_id", `node id ${quote(id)} is already used by /nodes/${earlier}`, where);
    }
  }
  return { first, isFirst };
}

export function checkNode(
  node: unknown,
  index: number,
  ids: NodeIds,
  ctx: Resolution,
  issues: Issues,
): NodeFacts | undefined {
  if (!isPlainObject(node)) {
    issues.add("not_an_object", `node must be an object, got ${describe(node)}`, {
      path: pointer("nodes", index),
    });
    return undefined;
  }
  // Every field present from the start (one object layout for all facts), and no array for absent dependencies.
  const facts: NodeFacts = { index, fields: node, id: undefined, deps: NO_DEPS, refs: [] };
  const id = ownValue(node, "id");
  const validId =
    typeof id === "string" &&
    (NODE_ID_PATTERN.test(id) || (ctx.generatedIds === true && GENERATED_ID_PATTERN.test(id)));
  const at: FieldWhere = (...field) =>
    validId
      ? { path: pointer("nodes", index, ...field), nodeId: id }
      : { path: pointer("nodes", index, ...field) };
  if (id === undefined) issues.add("missing_field", "node id is required", at("id"));
  else if (!validId) {
    const shown = typeof id === "string" ? quote(id) : describe(id);
    issues.add("bad_node_id", `node id ${shown} must be 1-64 characters from A-Z a-z 0-9 _ -`, at("id"));
  } else if (ids.isFirst[index] === 1) facts.id = id;

  const type = ownValue(node, "type");
  let allowed: ReadonlySet<string> | undefined;
  if (type === undefined) issues.add("missing_field", "node type is required", at("type"));
  else if (typeof type !== "string" || !TYPE_PATTERN.test(type)) {
    issues.add("bad_field", "node type must be 1-64 characters from A-Z a-z 0-9 _ . : -", at("type"));
  } else {
    allowed = BUILTIN_FIELDS.get(type);
    if (allowed === undefined) checkTypo(type, ctx, at, issues);
  }

  for (const key of Object.keys(node)) {
    if (allowed !== undefined) {
      if (!allowed.has(key)) {
        issues.add(
          "unknown_field",
          `unknown field ${quote(key)} for node type ${quote(String(type))}`,
          at(key),
        );
      }
    } else if (!COMMON_NODE_FIELDS.includes(key) && !LLM_ONLY_FIELDS.includes(key)) {
      if (!isJsonValue(ownValue(node, key))) {
        issues.add("bad_field", `${quote(key)} must be a JSON value`, at(key));
      }
    }
  }

  checkDependsOn(node, typeof id === "string" ? id : undefined, ids.first, facts, at, issues);
  checkSettings(node, type === "approval", ctx, at, issues);
  // A noop node's llm fields are already unknown_field; checking their content too would only repeat that.
  const hasLlmFields = allowed === undefined || type === "llm";
  if (hasLlmFields) checkLlmFields(node, type === "llm", at, issues);
  if (type === "llm") checkPlanField(node, facts, at, issues);
  if (type === "approval") checkApprovalNode(node, at, issues);
  checkTexts(node, ctx, hasLlmFields || type === "approval", facts, at, issues);
  // After checkTexts: the template's references join the map's facts already checked on their own.
  if (type === "map" || type === "loop") {
    const check = type === "map" ? checkMapNode : checkLoopNode;
    const template = check(node, index, facts, ctx, at, issues, (n, i, c, found) =>
      checkNode(n, i, ids, c, found),
    );
    if (template) facts.template = template;
  }
  return facts;
}

/** A type one slip away from a built-in one that no worker serves is a typo, not a custom type. */
function checkTypo(type: string, ctx: Resolution, at: FieldWhere, issues: Issues): void {
  if (ctx.servedTypes === undefined || ctx.servedTypes.has(type)) return;
  const suggestion = suggestBuiltinType(type);
  if (suggestion === undefined) return;
  issues.addWithSuggestion(
    "unknown_type",
    `unknown node type ${quote(type)}: did you mean ${quote(suggestion)}? (no worker serves ${quote(type)})`,
    at("type"),
    suggestion,
  );
}

function checkDependsOn(
  node: Fields,
  id: string | undefined,
  known: ReadonlyMap<string, number>,
  facts: NodeFacts,
  at: FieldWhere,
  issues: Issues,
): void {
  const dependsOn = ownValue(node, "dependsOn");
  if (dependsOn === undefined) return;
  if (!Array.isArray(dependsOn)) {
    issues.add(
      "bad_field",
      `dependsOn must be an array of node ids, got ${describe(dependsOn)}`,
      at("dependsOn"),
    );
    return;
  }
  // Positions stand for ids here (one position per id), so the graph is built without looking the ids up again.
  // Short lists (most nodes have a few dependencies) are searched for repeats in place; long ones use a Set.
  const seen = dependsOn.length > SHORT_LIST ? new Set<number>() : undefined;
  // Sized once: most lists are all valid, and an array grown from empty reserves far more than one entry.
  const deps: number[] = new Array(dependsOn.length);
  let count = 0;
  for (let i = 0; i < dependsOn.length; i++) {
    const dep: unknown = dependsOn[i];
    if (typeof dep !== "string") {
      issues.add("bad_field", "dependsOn entries must be strings", at("dependsOn", i));
      continue;
    }
    if (dep === id) {
      issues.add("self_dependency", `node ${quote(dep)} depends on itself`, at("dependsOn", i));
      continue;
    }
    const position = known.get(dep);
    if (position === undefined) {
      issues.add("unknown_dependency", `dependsOn names unknown node ${quote(dep)}`, at("dependsOn", i));
    } else if (seen ? seen.has(position) : count > 0 && deps.lastIndexOf(position, count - 1) !== -1) {
      issues.add("duplicate_dependency", `dependsOn lists ${quote(dep)} more than once`, at("dependsOn", i));
    } else {
      seen?.add(position);
      deps[count++] = position;
    }
  }
  if (count < deps.length) deps.length = count;
  facts.deps = deps;
}

function checkSettings(
  node: Fields,
  isApproval: boolean,
  ctx: Resolution,
  at: FieldWhere,
  issues: Issues,
): void {
  const timeoutMs = ownValue(node, "timeoutMs");
  // An approval's timeoutMs is how long it waits for a person, checked with its own bound.
  if (timeoutMs !== undefined && !isApproval) checkTimeout(timeoutMs, at("timeoutMs"), issues);
  const scheduleTimeoutMs = ownValue(node, "scheduleTimeoutMs");
  if (scheduleTimeoutMs !== undefined)
    checkScheduleTimeout(scheduleTimeoutMs, at("scheduleTimeoutMs"), issues);

  const retry = ownValue(node, "retry");
  if (retry !== undefined) {
    const own = checkRetry(retry, at("retry"), issues);
    // Only blame the node when it set one of the two; a conflict it inherits is reported on `defaults`.
    if (own.backoffMs !== undefined || own.maxBackoffMs !== undefined) {
      checkBackoffOrder({ ...ctx.defaultRetry, ...own }, at("retry"), issues);
    }
  }

  const priority = ownValue(node, "priority");
  if (priority !== undefined && !isIntegerIn(priority, -PRIORITY_LIMIT, PRIORITY_LIMIT)) {
    issues.add(
      "bad_field",
      `priority must be an integer from -${PRIORITY_LIMIT} to ${PRIORITY_LIMIT}`,
      at("priority"),
    );
  }

  const requires = ownValue(node, "requires");
  if (requires !== undefined) {
    if (!Array.isArray(requires)) {
      issues.add(
        "bad_field",
        `requires must be an array of capabilities, got ${describe(requires)}`,
        at("requires"),
      );
    } else {
      const seen = new Set<string>();
      for (let i = 0; i < requires.length; i++) {
        const capability: unknown = requires[i];
        if (typeof capability !== "string" || !CAPABILITY_PATTERN.test(capability)) {
          issues.add(
            "bad_field",
            "capabilities must be 1-64 characters from A-Z a-z 0-9 _ . : -",
            at("requires", i),
          );
        } else if (seen.has(capability)) {
          issues.add("bad_field", `requires lists ${quote(capability)} more than once`, at("requires", i));
        } else seen.add(capability);
      }
    }
  }

  const worker = ownValue(node, "worker");
  if (worker !== undefined && (typeof worker !== "string" || !WORKER_NAME_PATTERN.test(worker))) {
    issues.add(
      "bad_field",
      "worker must name a worker (its id or DAGO_WORKER_NAME): 1-128 characters from A-Z a-z 0-9 _ . : -",
      at("worker"),
    );
  }

  const continueOnFailure = ownValue(node, "continueOnFailure");
  if (continueOnFailure !== undefined && typeof continueOnFailure !== "boolean") {
    issues.add("bad_field", "continueOnFailure must be true or false", at("continueOnFailure"));
  }
}
