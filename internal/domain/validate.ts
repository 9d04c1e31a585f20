// Checks a submitted graph spec and resolves it into the form the engine stores. Every problem is reported at
// once, so a client can fix a spec in one round trip. The work is linear in nodes + edges (plus a word-parallel
// pass for references that skip generations), and nothing recurses on the graph's shape, so a 100,000-node chain
// is as safe as a 3-node one. User-chosen ids (`__proto__`, `constructor`...) only ever key Maps and Sets.

import { parseCondition } from "./condition.js";
import {
  BUILTIN_NODE_TYPES,
  CAPABILITY_PATTERN,
  NODE_ID_PATTERN,
  type ResolvedGraph,
  type ResolvedNode,
  type RetryPolicy,
} from "./graph-spec.js";
import { isPlainObject, ownValue, type Refs } from "./path.js";
import { parseTemplate } from "./template.js";
import {
  DEFAULT_VALIDATION_LIMITS,
  type ValidationCode,
  type ValidationIssue,
  type ValidationLimits,
  type ValidationResult,
} from "./validation.js";

const MAX_NAME_LENGTH = 256;
const MAX_MODEL_LENGTH = 200;
const MAX_TIMEOUT_MS = 86_400_000;
const MAX_BACKOFF_MS = 3_600_000;
const MAX_ATTEMPTS = 100;
const PRIORITY_LIMIT = 1000;
const MAX_TOKENS = 1_000_000;
const MAX_TEMPERATURE = 2;
const TYPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Targets answered per pass of the ancestor check: 8 words of 32 bits per node. */
const ANCESTOR_WORDS = 8;
const BITS_PER_PASS = ANCESTOR_WORDS * 32;

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(["name", "input", "defaults", "nodes"]);
const DEFAULTS_FIELDS: ReadonlySet<string> = new Set(["timeoutMs", "retry"]);
const RETRY_FIELDS: ReadonlySet<string> = new Set(["maxAttempts", "backoffMs", "maxBackoffMs"]);
const COMMON_NODE_FIELDS = [
  "id",
  "type",
  "dependsOn",
  "timeoutMs",
  "retry",
  "priority",
  "requires",
  "when",
  "continueOnFailure",
];
const LLM_ONLY_FIELDS = ["prompt", "system", "model", "maxTokens", "temperature"];
const BUILTIN_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["llm", new Set([...COMMON_NODE_FIELDS, ...LLM_ONLY_FIELDS])],
  ["noop", new Set(COMMON_NODE_FIELDS)],
]);
const BUILTIN_TYPES: ReadonlySet<string> = new Set(BUILTIN_NODE_TYPES);
const TEMPLATE_FIELDS = ["prompt", "system"] as const;

type Fields = Record<string, unknown>;

/** A place in the spec an issue points at. */
interface Where {
  path: string;
  nodeId?: string;
}

/** The paths a node's `when`, `prompt` and `system` read, kept per field so issues point at the right one. */
interface FieldRefs {
  field: string;
  refs: Refs;
}

interface NodeFacts {
  /** Position in `nodes`. */
  index: number;
  fields: Fields;
  /** Set when the id is valid and this is its first occurrence: only such nodes take part in the graph. */
  id?: string;
  deps: string[];
  refs: FieldRefs[];
}

class Issues {
  readonly list: ValidationIssue[] = [];

  add(code: ValidationCode, message: string, where?: Where, cycle?: string[]): void {
    const issue: ValidationIssue = { code, message };
    if (where?.nodeId !== undefined) issue.nodeId = where.nodeId;
    if (where !== undefined) issue.path = where.path;
    if (cycle !== undefined) issue.cycle = cycle;
    this.list.push(issue);
  }
}

/** Quotes user text for a message, cut short so a huge value cannot flood the response. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

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

function codePointsOver(text: string, max: number): boolean {
  // A code point is at most two UTF-16 units, so short strings need no counting.
  if (text.length <= max) return false;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

/** Whether a value is plain JSON: no undefined, functions, class instances, non-finite numbers or cycles. */
function isJsonValue(value: unknown): boolean {
  const onPath = new Set<object>();
  const stack: { value: unknown; leave?: object }[] = [{ value }];
  while (stack.length > 0) {
    const { value: current, leave } = stack.pop()!;
    if (leave !== undefined) {
      onPath.delete(leave);
      continue;
    }
    if (current === null || typeof current === "string" || typeof current === "boolean") continue;
    if (typeof current === "number") {
      if (!Number.isFinite(current)) return false;
      continue;
    }
    const isArray = Array.isArray(current);
    if (!isArray && !isPlainObject(current)) return false;
    const container = current as object;
    if (onPath.has(container)) return false;
    onPath.add(container);
    stack.push({ value: undefined, leave: container });
    if (isArray) {
      const length = (current as unknown[]).length;
      for (let i = 0; i < length; i++) stack.push({ value: ownValue(container, String(i)) });
    } else {
      for (const key of Object.keys(container)) stack.push({ value: ownValue(container, key) });
    }
  }
  return true;
}

/** Checks the fields of one retry object; returns the valid ones. */
function checkRetry(value: unknown, where: Where, issues: Issues): Partial<RetryPolicy> {
  const valid: Partial<RetryPolicy> = {};
  if (!isPlainObject(value)) {
    issues.add("bad_field", `retry must be an object, got ${describe(value)}`, where);
    return valid;
  }
  for (const key of Object.keys(value)) {
    if (!RETRY_FIELDS.has(key)) {
      issues.add("unknown_field", `unknown field ${quote(key)} in retry`, {
        ...where,
        path: where.path + pointer(key),
      });
    }
  }
  const rules: [keyof RetryPolicy, number, number][] = [
    ["maxAttempts", 1, MAX_ATTEMPTS],
    ["backoffMs", 0, MAX_BACKOFF_MS],
    ["maxBackoffMs", 0, MAX_TIMEOUT_MS],
  ];
  for (const [key, min, max] of rules) {
    const field = ownValue(value, key);
    if (field === undefined) continue;
    if (isIntegerIn(field, min, max)) valid[key] = field;
    else {
      issues.add("bad_field", `retry.${key} must be an integer from ${min} to ${max}`, {
        ...where,
        path: where.path + pointer(key),
      });
    }
  }
  return valid;
}

/** Reports a merged policy whose ceiling sits below its first delay, blaming the spec object that set them. */
function checkBackoffOrder(merged: RetryPolicy, where: Where, issues: Issues): void {
  if (merged.maxBackoffMs >= merged.backoffMs) return;
  issues.add(
    "bad_field",
    `retry.maxBackoffMs (${merged.maxBackoffMs}) must be at least retry.backoffMs (${merged.backoffMs})`,
    where,
  );
}

function checkTimeout(value: unknown, where: Where, issues: Issues): value is number {
  if (isIntegerIn(value, 1, MAX_TIMEOUT_MS)) return true;
  issues.add("bad_field", `timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}`, where);
  return false;
}

interface Resolution {
  limits: ValidationLimits;
  defaultTimeoutMs: number;
  defaultRetry: RetryPolicy;
  /** Keys of the graph's input, or undefined when the input itself is invalid (so no key is blamed). */
  inputKeys: ReadonlySet<string> | undefined;
}

function resolveLimits(limits: Partial<ValidationLimits> | undefined): ValidationLimits {
  const base = DEFAULT_VALIDATION_LIMITS;
  return {
    maxNodes: limits?.maxNodes ?? base.maxNodes,
    maxEdges: limits?.maxEdges ?? base.maxEdges,
    maxTextBytes: limits?.maxTextBytes ?? base.maxTextBytes,
    defaultTimeoutMs: limits?.defaultTimeoutMs ?? base.defaultTimeoutMs,
    defaultRetry: { ...base.defaultRetry, ...limits?.defaultRetry },
  };
}

function checkTopLevel(spec: Fields, limits: ValidationLimits, issues: Issues): Resolution {
  for (const key of Object.keys(spec)) {
    if (!TOP_LEVEL_FIELDS.has(key)) {
      issues.add("unknown_field", `unknown field ${quote(key)}`, { path: pointer(key) });
    }
  }

  const name = ownValue(spec, "name");
  if (name === undefined) issues.add("missing_field", "name is required", { path: "/name" });
  else if (typeof name !== "string" || name === "" || codePointsOver(name, MAX_NAME_LENGTH)) {
    issues.add("bad_field", `name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`, {
      path: "/name",
    });
  }

  const input = ownValue(spec, "input");
  let inputKeys: ReadonlySet<string> | undefined = new Set();
  if (input !== undefined) {
    if (isPlainObject(input) && isJsonValue(input)) inputKeys = new Set(Object.keys(input));
    else {
      issues.add("bad_field", "input must be a JSON object", { path: "/input" });
      inputKeys = undefined;
    }
  }

  let defaultTimeoutMs = limits.defaultTimeoutMs;
  let defaultRetry = limits.defaultRetry;
  const defaults = ownValue(spec, "defaults");
  if (defaults !== undefined) {
    if (!isPlainObject(defaults)) {
      issues.add("bad_field", `defaults must be an object, got ${describe(defaults)}`, { path: "/defaults" });
    } else {
      for (const key of Object.keys(defaults)) {
        if (!DEFAULTS_FIELDS.has(key)) {
          issues.add("unknown_field", `unknown field ${quote(key)} in defaults`, {
            path: pointer("defaults", key),
          });
        }
      }
      const timeoutMs = ownValue(defaults, "timeoutMs");
      if (timeoutMs !== undefined && checkTimeout(timeoutMs, { path: "/defaults/timeoutMs" }, issues)) {
        defaultTimeoutMs = timeoutMs;
      }
      const retry = ownValue(defaults, "retry");
      if (retry !== undefined) {
        defaultRetry = { ...defaultRetry, ...checkRetry(retry, { path: "/defaults/retry" }, issues) };
        checkBackoffOrder(defaultRetry, { path: "/defaults/retry" }, issues);
      }
    }
  }
  return { limits, defaultTimeoutMs, defaultRetry, inputKeys };
}

/** First pass over the nodes: which ids exist (any string, so a bad id is not also an unknown dependency). */
function indexIds(nodes: unknown[], issues: Issues): ReadonlyMap<string, number> {
  const first = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const id = isPlainObject(node) ? ownValue(node, "id") : undefined;
    if (typeof id !== "string") continue;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else {
      const where: Where = { path: pointer("nodes", i, "id") };
      if (NODE_ID_PATTERN.test(id)) where.nodeId = id;
      issues.add("duplicate_node_id", `node id ${quote(id)} is already used by /nodes/${earlier}`, where);
    }
  }
  return first;
}

function checkNode(
  node: unknown,
  index: number,
  firstIndex: ReadonlyMap<string, number>,
  ctx: Resolution,
  issues: Issues,
): NodeFacts | undefined {
  if (!isPlainObject(node)) {
    issues.add("not_an_object", `node must be an object, got ${describe(node)}`, {
      path: pointer("nodes", index),
    });
    return undefined;
  }
  const facts: NodeFacts = { index, fields: node, deps: [], refs: [] };
  const id = ownValue(node, "id");
  const validId = typeof id === "string" && NODE_ID_PATTERN.test(id);
  const at = (...field: (string | number)[]): Where =>
    validId
      ? { path: pointer("nodes", index, ...field), nodeId: id }
      : { path: pointer("nodes", index, ...field) };
  if (id === undefined) issues.add("missing_field", "node id is required", at("id"));
  else if (!validId) {
    const shown = typeof id === "string" ? quote(id) : describe(id);
    issues.add("bad_node_id", `node id ${shown} must be 1-64 characters from A-Z a-z 0-9 _ -`, at("id"));
  } else if (firstIndex.get(id) === index) facts.id = id;

  const type = ownValue(node, "type");
  let allowed: ReadonlySet<string> | undefined;
  if (type === undefined) issues.add("missing_field", "node type is required", at("type"));
  else if (typeof type !== "string" || !TYPE_PATTERN.test(type)) {
    issues.add("bad_field", "node type must be 1-64 characters from A-Z a-z 0-9 _ . : -", at("type"));
  } else allowed = BUILTIN_FIELDS.get(type);

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

  checkDependsOn(node, typeof id === "string" ? id : undefined, firstIndex, facts, at, issues);
  checkSettings(node, ctx, at, issues);
  // A noop node's llm fields are already unknown_field; checking their content too would only repeat that.
  const hasLlmFields = allowed === undefined || type === "llm";
  if (hasLlmFields) checkLlmFields(node, type === "llm", at, issues);
  checkTexts(node, ctx, hasLlmFields, facts, at, issues);
  return facts;
}

function checkDependsOn(
  node: Fields,
  id: string | undefined,
  known: ReadonlyMap<string, number>,
  facts: NodeFacts,
  at: (...field: (string | number)[]) => Where,
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
  // A single entry cannot repeat, and most nodes have one dependency or none: skip the Set for them.
  const seen = dependsOn.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < dependsOn.length; i++) {
    const dep: unknown = dependsOn[i];
    if (typeof dep !== "string") {
      issues.add("bad_field", "dependsOn entries must be strings", at("dependsOn", i));
    } else if (dep === id) {
      issues.add("self_dependency", `node ${quote(dep)} depends on itself`, at("dependsOn", i));
    } else if (!known.has(dep)) {
      issues.add("unknown_dependency", `dependsOn names unknown node ${quote(dep)}`, at("dependsOn", i));
    } else if (seen?.has(dep)) {
      issues.add("duplicate_dependency", `dependsOn lists ${quote(dep)} more than once`, at("dependsOn", i));
    } else {
      seen?.add(dep);
      facts.deps.push(dep);
    }
  }
}

function checkSettings(
  node: Fields,
  ctx: Resolution,
  at: (...field: (string | number)[]) => Where,
  issues: Issues,
): void {
  const timeoutMs = ownValue(node, "timeoutMs");
  if (timeoutMs !== undefined) checkTimeout(timeoutMs, at("timeoutMs"), issues);

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

  const continueOnFailure = ownValue(node, "continueOnFailure");
  if (continueOnFailure !== undefined && typeof continueOnFailure !== "boolean") {
    issues.add("bad_field", "continueOnFailure must be true or false", at("continueOnFailure"));
  }
}

/** The llm settings; a custom node may carry them too, and they must then mean the same thing. */
function checkLlmFields(
  node: Fields,
  isLlm: boolean,
  at: (...field: (string | number)[]) => Where,
  issues: Issues,
): void {
  const prompt = ownValue(node, "prompt");
  if (isLlm && prompt === undefined) issues.add("missing_field", "an llm node needs a prompt", at("prompt"));
  else if (prompt !== undefined && (typeof prompt !== "string" || prompt === "")) {
    issues.add("bad_field", "prompt must be a non-empty string", at("prompt"));
  }
  const system = ownValue(node, "system");
  if (system !== undefined && typeof system !== "string") {
    issues.add("bad_field", "system must be a string", at("system"));
  }
  const model = ownValue(node, "model");
  if (model !== undefined && (typeof model !== "string" || model === "" || model.length > MAX_MODEL_LENGTH)) {
    issues.add(
      "bad_field",
      `model must be a non-empty string of at most ${MAX_MODEL_LENGTH} characters`,
      at("model"),
    );
  }
  const maxTokens = ownValue(node, "maxTokens");
  if (maxTokens !== undefined && !isIntegerIn(maxTokens, 1, MAX_TOKENS)) {
    issues.add("bad_field", `maxTokens must be an integer from 1 to ${MAX_TOKENS}`, at("maxTokens"));
  }
  const temperature = ownValue(node, "temperature");
  if (
    temperature !== undefined &&
    (typeof temperature !== "number" || !(temperature >= 0 && temperature <= MAX_TEMPERATURE))
  ) {
    issues.add("bad_field", `temperature must be a number from 0 to ${MAX_TEMPERATURE}`, at("temperature"));
  }
}

/** Parses `when`, `prompt` and `system`, recording what they read; input keys are checked here already. */
function checkTexts(
  node: Fields,
  ctx: Resolution,
  hasTemplates: boolean,
  facts: NodeFacts,
  at: (...field: (string | number)[]) => Where,
  issues: Issues,
): void {
  for (const field of hasTemplates ? TEMPLATE_FIELDS : []) {
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

/** The graph of valid, first-occurrence nodes, with dependency edges as indexes into `ids`. */
interface Graph {
  ids: string[];
  index: ReadonlyMap<string, number>;
  parents: number[][];
  /** Nodes in topological order (Kahn), the acyclic part only. */
  order: Int32Array;
  processed: number;
  level: Int32Array;
}

function buildGraph(facts: NodeFacts[]): Graph {
  const members = facts.filter((f) => f.id !== undefined);
  const ids = members.map((f) => f.id as string);
  const index = new Map<string, number>();
  for (let g = 0; g < ids.length; g++) index.set(ids[g]!, g);
  const parents = members.map((f) => {
    const list: number[] = [];
    for (const dep of f.deps) {
      const p = index.get(dep);
      if (p !== undefined) list.push(p);
    }
    return list;
  });

  const n = ids.length;
  const childCount = new Int32Array(n + 1);
  for (const list of parents) for (const p of list) childCount[p + 1] = childCount[p + 1]! + 1;
  for (let g = 0; g < n; g++) childCount[g + 1] = childCount[g + 1]! + childCount[g]!;
  const childStart = childCount.slice();
  const children = new Int32Array(childCount[n]!);
  const fill = childCount.slice(0, n);
  for (let g = 0; g < n; g++) {
    for (const p of parents[g]!) {
      children[fill[p]!] = g;
      fill[p] = fill[p]! + 1;
    }
  }

  const pending = new Int32Array(n);
  const level = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let tail = 0;
  for (let g = 0; g < n; g++) {
    pending[g] = parents[g]!.length;
    if (pending[g] === 0) {
      level[g] = 0;
      order[tail++] = g;
    }
  }
  for (let head = 0; head < tail; head++) {
    const g = order[head]!;
    const next = level[g]! + 1;
    for (let k = childStart[g]!; k < childStart[g + 1]!; k++) {
      const c = children[k]!;
      if (level[c]! < next) level[c] = next;
      pending[c] = pending[c]! - 1;
      if (pending[c] === 0) order[tail++] = c;
    }
  }
  // Nodes Kahn never reached sit on or behind a cycle: they get no level.
  const inOrder = new Uint8Array(n);
  for (let k = 0; k < tail; k++) inOrder[order[k]!] = 1;
  for (let g = 0; g < n; g++) if (inOrder[g] === 0) level[g] = -1;
  return { ids, index, parents, order, processed: tail, level };
}

function levelsOf(graph: Graph): string[][] {
  const levels: string[][] = [];
  for (let g = 0; g < graph.ids.length; g++) {
    const l = graph.level[g]!;
    if (l < 0) continue;
    while (levels.length <= l) levels.push([]);
    levels[l]!.push(graph.ids[g]!);
  }
  return levels;
}

/** Strongly connected components of more than one node, among nodes Kahn left over (iterative Tarjan). */
function cyclicComponents(graph: Graph): number[][] {
  const n = graph.ids.length;
  const visitIndex = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const edge = new Int32Array(n);
  const stack: number[] = [];
  const calls: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (graph.level[s] !== -1 || visitIndex[s] !== -1) continue;
    visitIndex[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    calls.push(s);
    while (calls.length > 0) {
      const v = calls[calls.length - 1]!;
      const parents = graph.parents[v]!;
      if (edge[v]! < parents.length) {
        const w = parents[edge[v]!]!;
        edge[v] = edge[v]! + 1;
        if (graph.level[w] !== -1) continue;
        if (visitIndex[w] === -1) {
          visitIndex[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          calls.push(w);
        } else if (onStack[w] === 1) low[v] = Math.min(low[v]!, visitIndex[w]!);
        continue;
      }
      calls.pop();
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[v]!);
      if (low[v] !== visitIndex[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  }
  return components;
}

function smallest(values: number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < min) min = v;
  return min;
}

/**
 * A shortest cycle through the component's first node (in submission order), found breadth-first inside the
 * component. Arrows follow dependsOn: "a -> b" means a depends on b.
 */

function cyclePath(graph: Graph, component: number[]): string[] {
  const members = new Set(component);
  const start = smallest(component);
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of graph.parents[v]!) {
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.push(u);
        const ids = [
          graph.ids[start]!,
          ...path
            .slice(1)
            .reverse()
            .map((u) => graph.ids[u]!),
        ];
        return [...ids, graph.ids[start]!];
      }
      if (members.has(w) && !previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [graph.ids[start]!];
}

interface RefQuery {
  node: number;
  target: number;
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
 * most questions at once; the rest are answered with ancestor bitsets propagated in topological order, a few
 * hundred targets per pass, so the cost stays (nodes + edges) x targets / 32 with bounded memory.
 */
function checkReferences(graph: Graph, facts: NodeFacts[], issues: Issues): void {
  const queries: RefQuery[] = [];
  for (const f of facts) {
    if (f.id === undefined || f.refs.length === 0) continue;
    const node = graph.index.get(f.id)!;
    // Inside or behind a cycle ancestry is meaningless; the cycle is already reported.
    if (graph.level[node] === -1) continue;
    const parents = new Set(graph.parents[node]);
    for (const { field, refs } of f.refs) {
      for (const target of refs.nodes) {
        const t = graph.index.get(target);
        const query = { facts: f, field };
        if (t === undefined) reportNonUpstream(query, target, `there is no node ${quote(target)}`, issues);
        else if (t === node) reportNonUpstream(query, target, "a node cannot read its own output", issues);
        else if (parents.has(t)) continue;
        else if (graph.level[t] === -1 || graph.level[t]! >= graph.level[node]!) {
          reportNonUpstream(query, target, `${quote(target)} is not upstream of ${quote(f.id)}`, issues);
        } else queries.push({ node, target: t, facts: f, field });
      }
    }
  }
  if (queries.length === 0) return;

  // Number the distinct targets; each pass answers the queries of ANCESTOR_WORDS * 32 of them.
  const n = graph.ids.length;
  const bitOf = new Int32Array(n).fill(-1);
  const passes: number[][] = [];
  let targets = 0;
  queries.forEach((q, i) => {
    if (bitOf[q.target] === -1) bitOf[q.target] = targets++;
    const pass = Math.floor(bitOf[q.target]! / BITS_PER_PASS);
    while (passes.length <= pass) passes.push([]);
    passes[pass]!.push(i);
  });
  const upstream = new Uint8Array(queries.length);
  const ancestors = new Uint32Array(n * ANCESTOR_WORDS);
  for (let pass = 0; pass < passes.length; pass++) {
    const first = pass * BITS_PER_PASS;
    ancestors.fill(0);
    for (let k = 0; k < graph.processed; k++) {
      const g = graph.order[k]!;
      const row = g * ANCESTOR_WORDS;
      for (const p of graph.parents[g]!) {
        const parentRow = p * ANCESTOR_WORDS;
        for (let w = 0; w < ANCESTOR_WORDS; w++) ancestors[row + w]! |= ancestors[parentRow + w]!;
        const bit = bitOf[p]! - first;
        if (bit >= 0 && bit < BITS_PER_PASS) ancestors[row + (bit >>> 5)]! |= 1 << (bit & 31);
      }
    }
    for (const i of passes[pass]!) {
      const q = queries[i]!;
      const bit = bitOf[q.target]! - first;
      if ((ancestors[q.node * ANCESTOR_WORDS + (bit >>> 5)]! & (1 << (bit & 31))) !== 0) upstream[i] = 1;
    }
  }
  // Reported in query order, so the issues follow the order of the nodes.
  queries.forEach((q, i) => {
    if (upstream[i] === 1) return;
    const target = graph.ids[q.target]!;
    reportNonUpstream(q, target, `${quote(target)} is not upstream of ${quote(q.facts.id!)}`, issues);
  });
}

function countEdges(nodes: unknown[]): number {
  let edges = 0;
  for (const node of nodes) {
    const dependsOn = isPlainObject(node) ? ownValue(node, "dependsOn") : undefined;
    if (Array.isArray(dependsOn)) edges += dependsOn.length;
  }
  return edges;
}

const RESOLVED_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "type",
  "dependsOn",
  "timeoutMs",
  "retry",
  "priority",
  "requires",
  "continueOnFailure",
  "refs",
  "route",
]);

function resolveNode(facts: NodeFacts, ctx: Resolution): ResolvedNode {
  const { fields } = facts;
  const type = ownValue(fields, "type") as string;
  const requires = [...((ownValue(fields, "requires") as string[] | undefined) ?? [])].sort();
  const refs = new Set<string>();
  for (const { refs: fieldRefs } of facts.refs) for (const nodeId of fieldRefs.nodes) refs.add(nodeId);
  const routeParts = BUILTIN_TYPES.has(type) ? requires : [...requires, `type:${type}`].sort();
  const node: ResolvedNode = {
    id: ownValue(fields, "id") as string,
    type,
    dependsOn: [...((ownValue(fields, "dependsOn") as string[] | undefined) ?? [])],
    timeoutMs: (ownValue(fields, "timeoutMs") as number | undefined) ?? ctx.defaultTimeoutMs,
    retry: { ...ctx.defaultRetry, ...(ownValue(fields, "retry") as Partial<RetryPolicy> | undefined) },
    priority: (ownValue(fields, "priority") as number | undefined) ?? 0,
    requires,
    continueOnFailure: (ownValue(fields, "continueOnFailure") as boolean | undefined) ?? false,
    refs: [...refs].sort(),
    route: routeParts.join("+"),
  };
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

/**
 * Validates a graph spec (any parsed JSON/YAML value) and, when it is valid, resolves it: defaults applied,
 * references collected, routing keys and topological levels computed.
 */
export function validateGraph(spec: unknown, limits?: Partial<ValidationLimits>): ValidationResult {
  const issues = new Issues();
  if (!isPlainObject(spec)) {
    issues.add("not_an_object", `a graph spec must be an object, got ${describe(spec)}`, { path: "" });
    return { valid: false, errors: issues.list, levels: [] };
  }
  const ctx = checkTopLevel(spec, resolveLimits(limits), issues);

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

  const graph = buildGraph(facts);
  const levels = levelsOf(graph);
  const components = cyclicComponents(graph).map((members) => ({ members, first: smallest(members) }));
  for (const { members } of components.sort((a, b) => a.first - b.first)) {
    const cycle = cyclePath(graph, members);
    issues.add("cycle", `cycle: ${cycle.join(" -> ")}`, { path: "/nodes", nodeId: cycle[0]! }, cycle);
  }
  checkReferences(graph, facts, issues);

  if (issues.list.length > 0) return { valid: false, errors: issues.list, levels };
  const resolved: ResolvedGraph = {
    name: ownValue(spec, "name") as string,
    input: { ...((ownValue(spec, "input") as Record<string, unknown> | undefined) ?? {}) },
    nodes: facts.map((f) => resolveNode(f, ctx)),
    levels,
  };
  return { valid: true, errors: [], levels, graph: resolved };
}
