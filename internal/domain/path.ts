// Value paths, shared by `when` conditions and `{{ }}` templates: their syntax, the refs they name, and a lookup
// that only ever reads data the graph itself produced.
//
//   input.<key>[.<key>|[<int>]|["any key"]]...
//   nodes.<nodeId>.output[.<key>|[<int>]|["any key"]]...
//   nodes.<nodeId>.status
//   item[.<key>|[<int>]...], index        (in a map's node template: the child's item and its position)
//   last.output[.<key>|[<int>]...]        (in a loop: the previous iteration's output)

const NODE_ID_MAX = 64;

export type ValuePath =
  | { source: "input"; key: string; rest: string[] }
  | { source: "output"; nodeId: string; rest: string[] }
  | { source: "status"; nodeId: string }
  | { source: "item"; rest: string[] }
  | { source: "index" }
  | { source: "last"; rest: string[] };

/** The roots only a map's or a loop's node template may read. */
export type LocalName = "item" | "index" | "last";

/** What a condition or template can read: the graph input and, per node, its output and status. */
export interface ConditionScope {
  input: Record<string, unknown>;
  nodes: Record<string, { output: unknown; status: string }>;
  /** A map child's item and position. */
  item?: unknown;
  index?: number;
  /** A loop iteration's predecessor (null output for the first iteration). */
  last?: { output: unknown };
}

/** Top-level input keys and node ids read by a condition or template, each sorted and unique. */
export interface Refs {
  inputKeys: string[];
  nodes: string[];
  /** The map or loop roots read (item, index, last), when any: only their node templates may. */
  locals?: LocalName[];
}

export type ScanResult<T> =
  | { ok: true; value: T; end: number }
  | { ok: false; message: string; position: number };

/** Thrown only inside this folder's parsers and turned into a `{ ok: false }` result at their entry point. */
export class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export function isSegmentChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 45 // -
  );
}

function readSegment(source: string, start: number): number {
  let end = start;
  while (end < source.length && isSegmentChar(source.charCodeAt(end))) end++;
  return end;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ["\\", "\\"],
  ["/", "/"],
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ["b", "\b"],
  ["f", "\f"],
]);

/** Reads a single- or double-quoted string starting at `start` (the quote), decoding backslash escapes. */
export function readQuotedString(source: string, start: number): ScanResult<string> {
  const quote = source[start];
  let out = "";
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === quote) return { ok: true, value: out, end: i + 1 };
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const esc = source[i + 1];
    if (esc === undefined) break;
    const simple = SIMPLE_ESCAPES.get(esc);
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (esc === "u" && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    return { ok: false, message: `unknown escape '\\${esc}' in string`, position: i };
  }
  return { ok: false, message: "unterminated string", position: start };
}

/** Reads the `.key`, `[0]` and `["key"]` accessors that follow a path's root. */
function readAccessors(source: string, start: number): { rest: string[]; end: number } {
  const rest: string[] = [];
  let i = start;
  for (;;) {
    const ch = source[i];
    if (ch === ".") {
      const end = readSegment(source, i + 1);
      if (end === i + 1) throw new SyntaxProblem("expected a key after '.'", i + 1);
      rest.push(source.slice(i + 1, end));
      i = end;
    } else if (ch === "[") {
      const next = source[i + 1];
      let end: number;
      if (next === '"' || next === "'") {
        const str = readQuotedString(source, i + 1);
        if (!str.ok) throw new SyntaxProblem(str.message, str.position);
        rest.push(str.value);
        end = str.end;
      } else {
        end = i + 1;
        while (end < source.length && source.charCodeAt(end) >= 48 && source.charCodeAt(end) <= 57) end++;
        if (end === i + 1) throw new SyntaxProblem("expected an index or a quoted key after '['", i + 1);
        const digits = source.slice(i + 1, end);
        if (!Number.isSafeInteger(Number(digits))) throw new SyntaxProblem("index is too large", i + 1);
        // Indexes are kept as canonical strings so `[01]` and `[1]` read the same element.
        rest.push(String(Number(digits)));
      }
      if (source[end] !== "]") throw new SyntaxProblem("expected ']'", end);
      i = end + 1;
    } else {
      return { rest, end: i };
    }
  }
}

function parsePathOrThrow(source: string, start: number): { path: ValuePath; end: number } {
  const rootEnd = readSegment(source, start);
  const root = source.slice(start, rootEnd);
  if (root === "input") {
    const { rest, end } = readAccessors(source, rootEnd);
    const [key, ...tail] = rest;
    if (key === undefined)
      throw new SyntaxProblem("expected a key after 'input', as in input.topic", rootEnd);
    return { path: { source: "input", key, rest: tail }, end };
  }
  if (root === "nodes") {
    if (source[rootEnd] !== ".") throw new SyntaxProblem("expected '.<nodeId>' after 'nodes'", rootEnd);
    const idEnd = readSegment(source, rootEnd + 1);
    const nodeId = source.slice(rootEnd + 1, idEnd);
    if (nodeId === "") throw new SyntaxProblem("expected a node id after 'nodes.'", rootEnd + 1);
    if (nodeId.length > NODE_ID_MAX)
      throw new SyntaxProblem("node id is longer than 64 characters", rootEnd + 1);
    if (source[idEnd] !== ".")
      throw new SyntaxProblem("expected '.output' or '.status' after the node id", idEnd);
    const fieldEnd = readSegment(source, idEnd + 1);
    const field = source.slice(idEnd + 1, fieldEnd);
    if (field === "status") {
      const after = source[fieldEnd];
      if (after === "." || after === "[") throw new SyntaxProblem("a node's status has no fields", fieldEnd);
      return { path: { source: "status", nodeId }, end: fieldEnd };
    }
    if (field !== "output")
      throw new SyntaxProblem("expected 'output' or 'status' after the node id", idEnd + 1);
    const { rest, end } = readAccessors(source, fieldEnd);
    return { path: { source: "output", nodeId, rest }, end };
  }
  if (root === "item") {
    const { rest, end } = readAccessors(source, rootEnd);
    return { path: { source: "item", rest }, end };
  }
  if (root === "index") {
    const after = source[rootEnd];
    if (after === "." || after === "[")
      throw new SyntaxProblem("index is a number and has no fields", rootEnd);
    return { path: { source: "index" }, end: rootEnd };
  }
  if (root === "last") {
    const fieldEnd = readSegment(source, rootEnd + 1);
    if (source[rootEnd] !== "." || source.slice(rootEnd + 1, fieldEnd) !== "output") {
      throw new SyntaxProblem("expected '.output' after 'last'", rootEnd);
    }
    const { rest, end } = readAccessors(source, fieldEnd);
    return { path: { source: "last", rest }, end };
  }
  throw new SyntaxProblem("expected a path starting with 'input.' or 'nodes.'", start);
}

/** Parses one path starting at `start`; `end` is the index just past it. */
export function parsePath(source: string, start: number): ScanResult<ValuePath> {
  try {
    const { path, end } = parsePathOrThrow(source, start);
    return { ok: true, value: path, end };
  } catch (err) {
    if (err instanceof SyntaxProblem) return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}

export function collectRefs(paths: Iterable<ValuePath>): Refs {
  const inputKeys = new Set<string>();
  const nodes = new Set<string>();
  const locals = new Set<LocalName>();
  for (const path of paths) {
    if (path.source === "input") inputKeys.add(path.key);
    else if (path.source === "output" || path.source === "status") nodes.add(path.nodeId);
    else locals.add(path.source);
  }
  const refs: Refs = { inputKeys: [...inputKeys].sort(), nodes: [...nodes].sort() };
  if (locals.size > 0) refs.locals = [...locals].sort();
  return refs;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * An own property, never an inherited one: `input.constructor` is missing unless the data has that key. An own
 * key named `__proto__` (as JSON.parse makes) shadows the inherited accessor, so reading it returns the data.
 */
export function ownValue(target: object, key: string): unknown {
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

const CANONICAL_INDEX = /^(0|[1-9][0-9]*)$/;

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    if (!CANONICAL_INDEX.test(key)) return undefined;
    const index = Number(key);
    return index < value.length ? ownValue(value, key) : undefined;
  }
  if (isPlainObject(value)) return ownValue(value, key);
  return undefined;
}

function scopeNode(scope: ConditionScope, nodeId: string): object | undefined {
  const nodes: unknown = scope.nodes;
  if (typeof nodes !== "object" || nodes === null) return undefined;
  const node = ownValue(nodes, nodeId);
  return typeof node === "object" && node !== null ? node : undefined;
}

/** The value a path names, or null when any step is missing or of the wrong kind. */
export function lookupPath(path: ValuePath, scope: ConditionScope): unknown {
  let value: unknown;
  let rest: string[];
  if (path.source === "index") return typeof scope.index === "number" ? scope.index : null;
  if (path.source === "item") {
    value = scope.item;
    rest = path.rest;
  } else if (path.source === "last") {
    value = scope.last?.output;
    rest = path.rest;
  } else if (path.source === "input") {
    const input: unknown = scope.input;
    value = typeof input === "object" && input !== null ? ownValue(input, path.key) : undefined;
    rest = path.rest;
  } else {
    const node = scopeNode(scope, path.nodeId);
    if (node === undefined) return null;
    if (path.source === "status") {
      const status = ownValue(node, "status");
      return typeof status === "string" ? status : null;
    }
    value = ownValue(node, "output");
    rest = path.rest;
  }
  for (const key of rest) {
    if (value === undefined || value === null) return null;
    value = step(value, key);
  }
  return value === undefined ? null : value;
}
