// Checks the container nodes. A `map`: the list it reads (`over`, a path like those in `when`), its bounds
// (`maxItems`, at most the configured ceiling; `concurrency`) and the node template each item becomes, which may
// read `item` and `index`. A `loop`: its bound (`maxIterations`, required, at most the configured ceiling), its
// `until` condition on `last` (the iteration just ended) and the template each iteration becomes, which may read
// `last` (the iteration before) and `index`. A template is checked as a node of its own, and what it reads counts
// as read by its container, so only the container's ancestors can be read.
import { parseCondition } from "./condition.js";
import type { Fields, NodeFacts } from "./node-facts.js";
import { isPlainObject, type LocalName, ownValue, parsePath } from "./path.js";
import type { Resolution } from "./validate-top-level.js";
import { isIntegerIn } from "./validate-values.js";
import { describe, type FieldWhere, Issues, quote } from "./validation-issues.js";

/** Fields of a map node besides the common ones. */
export const MAP_FIELDS = ["over", "maxItems", "concurrency", "node"];
/** Fields of a loop node besides the common ones. */
export const LOOP_FIELDS = ["maxIterations", "until", "node"];
const LOOP_LOCALS: ReadonlySet<LocalName> = new Set(["last", "index"]);
/** Node types a template may not have: a map or loop child is never itself a map or a loop. */
const CONTAINER_TYPES: ReadonlySet<string> = new Set(["map", "loop"]);
const MAP_LOCALS: ReadonlySet<LocalName> = new Set(["item", "index"]);
/** Fields the engine sets on each child: a template may not set them. */
const TEMPLATE_FORBIDDEN = ["id", "dependsOn"];

export type CheckNodeFn = (
  node: unknown,
  index: number,
  ctx: Resolution,
  issues: Issues,
) => NodeFacts | undefined;

/** Checks `over`; records what it reads on `facts`. */
export function checkOver(node: Fields, facts: NodeFacts, at: FieldWhere, issues: Issues): void {
  const over = ownValue(node, "over");
  if (over === undefined) {
    issues.add(
      "missing_field",
      "a map needs over: the path of the list it maps, such as nodes.plan.output.items",
      at("over"),
    );
    return;
  }
  if (typeof over !== "string") {
    issues.add("bad_field", `over must be a path string, got ${describe(over)}`, at("over"));
    return;
  }
  const parsed = parsePath(over, 0);
  if (!parsed.ok || parsed.end !== over.length) {
    const message = parsed.ok ? "unexpected text after the path" : parsed.message;
    issues.add("bad_condition", `over: ${message}`, at("over"));
    return;
  }
  const path = parsed.value;
  if (path.source === "input") facts.refs.push({ field: "over", refs: { inputKeys: [path.key], nodes: [] } });
  else if (path.source === "output" || path.source === "status") {
    facts.refs.push({ field: "over", refs: { inputKeys: [], nodes: [path.nodeId] } });
  } else
    issues.add(
      "bad_condition",
      `over must read input.<key> or nodes.<id>.output, not ${path.source}`,
      at("over"),
    );
}

/**
 * Checks a map's bounds and template. The template's issues get paths under the map's `node` field, and what it
 * reads is added to the map's facts (field `node`), so the reference check holds it to the map's ancestors.
 */
export function checkMapNode(
  node: Fields,
  index: number,
  facts: NodeFacts,
  ctx: Resolution,
  at: FieldWhere,
  issues: Issues,
  checkNode: CheckNodeFn,
): NodeFacts | undefined {
  checkOver(node, facts, at, issues);
  const ceiling = ctx.limits.maxMapItems;
  const maxItems = ownValue(node, "maxItems");
  if (maxItems !== undefined && !isIntegerIn(maxItems, 1, ceiling)) {
    issues.add("bad_field", `maxItems must be an integer from 1 to ${ceiling}`, at("maxItems"));
  }
  const concurrency = ownValue(node, "concurrency");
  if (concurrency !== undefined && !isIntegerIn(concurrency, 1, ceiling)) {
    issues.add("bad_field", `concurrency must be an integer from 1 to ${ceiling}`, at("concurrency"));
  }
  return checkTemplate(node, index, facts, { ...ctx, locals: MAP_LOCALS }, at, issues, checkNode);
}

/** Checks a loop's bound, its `until` (recorded on `facts`) and its template. */
export function checkLoopNode(
  node: Fields,
  index: number,
  facts: NodeFacts,
  ctx: Resolution,
  at: FieldWhere,
  issues: Issues,
  checkNode: CheckNodeFn,
): NodeFacts | undefined {
  const ceiling = ctx.limits.maxLoopIterations;
  const maxIterations = ownValue(node, "maxIterations");
  if (maxIterations === undefined) {
    issues.add(
      "missing_field",
      `a loop needs maxIterations (1 to ${ceiling}): no loop runs without a bound`,
      at("maxIterations"),
    );
  } else if (!isIntegerIn(maxIterations, 1, ceiling)) {
    issues.add("bad_field", `maxIterations must be an integer from 1 to ${ceiling}`, at("maxIterations"));
  }
  const until = ownValue(node, "until");
  if (until !== undefined) {
    if (typeof until !== "string") issues.add("bad_field", "until must be a condition string", at("until"));
    else {
      const parsed = parseCondition(until);
      if (!parsed.ok)
        issues.add("bad_condition", `until: ${parsed.message} at position ${parsed.position}`, at("until"));
      else {
        const { refs } = parsed.condition;
        for (const local of refs.locals ?? []) {
          if (local !== "last")
            issues.add(
              "bad_condition",
              `until reads ${local}; only last (the iteration just ended) is defined there`,
              at("until"),
            );
        }
        facts.refs.push({ field: "until", refs: { inputKeys: refs.inputKeys, nodes: refs.nodes } });
      }
    }
  }
  return checkTemplate(node, index, facts, { ...ctx, locals: LOOP_LOCALS }, at, issues, checkNode);
}

/** Checks the node template of a map (or a loop): a node spec without id and dependsOn, of no container type. */
export function checkTemplate(
  node: Fields,
  index: number,
  facts: NodeFacts,
  ctx: Resolution,
  at: FieldWhere,
  issues: Issues,
  checkNode: CheckNodeFn,
): NodeFacts | undefined {
  const template = ownValue(node, "node");
  if (template === undefined) {
    issues.add("missing_field", "node is required: the node each item (or iteration) becomes", at("node"));
    return undefined;
  }
  if (!isPlainObject(template)) {
    issues.add("bad_field", `node must be an object, got ${describe(template)}`, at("node"));
    return undefined;
  }
  for (const field of TEMPLATE_FORBIDDEN) {
    if (Object.hasOwn(template, field)) {
      issues.add(
        "unknown_field",
        `the node template may not set ${quote(field)}: the engine sets it`,
        at("node", field),
      );
    }
  }
  if (Object.hasOwn(template, "plan")) {
    // A child's generated id (`sections[2]`) cannot prefix node ids, and each child would re-plan the same join.
    issues.add("bad_field", "the node template may not be a planner (plan)", at("node", "plan"));
  }
  const type = ownValue(template, "type");
  if (typeof type === "string" && CONTAINER_TYPES.has(type)) {
    issues.add(
      "bad_field",
      `the node template may not be a ${type}: maps and loops do not nest`,
      at("node", "type"),
    );
    return undefined;
  }
  // Checked as a node of its own under the map's id, its issues moved under /nodes/<index>/node.
  const own = new Issues();
  const id = ownValue(node, "id");
  const checked = checkNode({ ...template, id: typeof id === "string" ? id : "template" }, index, ctx, own);
  const prefix = at().path;
  for (const issue of own.list) {
    const moved = { ...issue };
    if (issue.path?.startsWith(prefix)) moved.path = `${prefix}/node${issue.path.slice(prefix.length)}`;
    issues.list.push(moved);
  }
  if (checked) for (const { refs } of checked.refs) facts.refs.push({ field: "node", refs });
  return checked;
}
