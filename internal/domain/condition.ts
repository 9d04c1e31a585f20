// The `when` language of a node: a small expression language read by a hand-written parser and evaluated by
// walking its tree. It never reaches eval or Function, so a condition can only read the scope it is given.
//
//   literals     "text" 'text' 12 -1.5 true false null
//   paths        input.topic  nodes.fetch.output.items[0]  nodes.fetch.status  input["odd key"]
//   operators    == != < <= > >= && || !  and parentheses
//   functions    len(x) contains(hay, needle) startsWith(s, p) endsWith(s, p) lower(s) upper(s)
//
// Comparisons do not chain (`a < b < c` is an error); `!` binds tighter than comparisons.

import {
  type ConditionScope,
  collectRefs,
  isPlainObject,
  isSegmentChar,
  lookupPath,
  ownValue,
  parsePath,
  type Refs,
  readQuotedString,
  SyntaxProblem,
  type ValuePath,
} from "./path.js";

export type { ConditionScope, Refs, ValuePath } from "./path.js";

export const MAX_CONDITION_LENGTH = 2000;
export const MAX_CONDITION_DEPTH = 64;

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type ConditionFunction = "len" | "contains" | "startsWith" | "endsWith" | "lower" | "upper";

export type ConditionExpr =
  | { kind: "literal"; value: null | boolean | number | string }
  | { kind: "path"; path: ValuePath }
  | { kind: "not"; operand: ConditionExpr }
  | { kind: "and"; operands: ConditionExpr[] }
  | { kind: "or"; operands: ConditionExpr[] }
  | { kind: "compare"; op: CompareOp; left: ConditionExpr; right: ConditionExpr }
  | { kind: "call"; fn: ConditionFunction; args: ConditionExpr[] };

export interface ParsedCondition {
  source: string;
  ast: ConditionExpr;
  refs: Refs;
}

export type ParseConditionResult =
  | { ok: true; condition: ParsedCondition }
  | { ok: false; message: string; position: number };

const FUNCTION_ARITY: ReadonlyMap<string, number> = new Map<ConditionFunction, number>([
  ["len", 1],
  ["contains", 2],
  ["startsWith", 2],
  ["endsWith", 2],
  ["lower", 1],
  ["upper", 1],
]);

const COMPARE_OPS: readonly CompareOp[] = ["==", "!=", "<=", ">=", "<", ">"];
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function isWordChar(code: number): boolean {
  return isSegmentChar(code) && code !== 45;
}

class ConditionParser {
  private pos = 0;
  private depth = 0;
  readonly paths: ValuePath[] = [];

  constructor(private readonly source: string) {}

  parse(): ConditionExpr {
    this.skipSpace();
    if (this.pos >= this.source.length) throw new SyntaxProblem("empty condition", 0);
    const expr = this.parseOr();
    this.skipSpace();
    if (this.pos < this.source.length) this.unexpected();
    return expr;
  }

  private parseOr(): ConditionExpr {
    const operands = [this.parseAnd()];
    while (this.accept("||")) operands.push(this.parseAnd());
    return operands.length === 1 ? (operands[0] as ConditionExpr) : { kind: "or", operands };
  }

  private parseAnd(): ConditionExpr {
    const operands = [this.parseComparison()];
    while (this.accept("&&")) operands.push(this.parseComparison());
    return operands.length === 1 ? (operands[0] as ConditionExpr) : { kind: "and", operands };
  }

  private parseComparison(): ConditionExpr {
    const left = this.parseUnary();
    const op = this.acceptCompareOp();
    if (op === undefined) return left;
    const right = this.parseUnary();
    this.skipSpace();
    const at = this.pos;
    if (this.acceptCompareOp() !== undefined) {
      throw new SyntaxProblem("comparisons cannot be chained; use && and parentheses", at);
    }
    return { kind: "compare", op, left, right };
  }

  private parseUnary(): ConditionExpr {
    this.skipSpace();
    if (this.source[this.pos] === "!" && this.source[this.pos + 1] !== "=") {
      this.pos++;
      this.enter();
      const operand = this.parseUnary();
      this.depth--;
      return { kind: "not", operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionExpr {
    this.skipSpace();
    const start = this.pos;
    const ch = this.source[start];
    if (ch === undefined) throw new SyntaxProblem("unexpected end of condition", start);
    if (ch === "(") {
      this.pos++;
      this.enter();
      const inner = this.parseOr();
      this.expect(")");
      this.depth--;
      return inner;
    }
    if (ch === '"' || ch === "'") {
      const str = readQuotedString(this.source, start);
      if (!str.ok) throw new SyntaxProblem(str.message, str.position);
      this.pos = str.end;
      return { kind: "literal", value: str.value };
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.parseNumber();
    if (isWordChar(ch.charCodeAt(0))) return this.parseWord();
    return this.unexpected();
  }

  private parseNumber(): ConditionExpr {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.source);
    if (match === null) throw new SyntaxProblem("invalid number", start);
    const end = start + match[0].length;
    if (end < this.source.length && isSegmentChar(this.source.charCodeAt(end))) {
      throw new SyntaxProblem("invalid number", start);
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new SyntaxProblem("number is out of range", start);
    this.pos = end;
    return { kind: "literal", value };
  }

  private parseWord(): ConditionExpr {
    const start = this.pos;
    let end = start;
    while (end < this.source.length && isWordChar(this.source.charCodeAt(end))) end++;
    const word = this.source.slice(start, end);
    if (word === "input" || word === "nodes" || word === "last" || word === "item" || word === "index") {
      const result = parsePath(this.source, start);
      if (!result.ok) throw new SyntaxProblem(result.message, result.position);
      this.paths.push(result.value);
      this.pos = result.end;
      return { kind: "path", path: result.value };
    }
    this.pos = end;
    if (word === "true") return { kind: "literal", value: true };
    if (word === "false") return { kind: "literal", value: false };
    if (word === "null") return { kind: "literal", value: null };
    const arity = FUNCTION_ARITY.get(word);
    if (arity === undefined) throw new SyntaxProblem(`unknown name '${word}'`, start);
    return this.parseCall(word as ConditionFunction, arity, start);
  }

  private parseCall(fn: ConditionFunction, arity: number, start: number): ConditionExpr {
    this.skipSpace();
    if (this.source[this.pos] !== "(") throw new SyntaxProblem(`expected '(' after ${fn}`, this.pos);
    this.pos++;
    this.enter();
    const args: ConditionExpr[] = [];
    this.skipSpace();
    if (this.source[this.pos] !== ")") {
      args.push(this.parseOr());
      while (this.accept(",")) args.push(this.parseOr());
    }
    this.expect(")");
    this.depth--;
    if (args.length !== arity) {
      const expected = arity === 1 ? "1 argument" : `${arity} arguments`;
      throw new SyntaxProblem(`${fn} takes ${expected}, got ${args.length}`, start);
    }
    return { kind: "call", fn, args };
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_CONDITION_DEPTH) {
      throw new SyntaxProblem(`condition is nested deeper than ${MAX_CONDITION_DEPTH} levels`, this.pos);
    }
  }

  private acceptCompareOp(): CompareOp | undefined {
    this.skipSpace();
    for (const op of COMPARE_OPS) {
      if (this.source.startsWith(op, this.pos)) {
        if ((op === "==" || op === "!=") && this.source[this.pos + 2] === "=") {
          throw new SyntaxProblem(`use '${op}': there is no '${op}='`, this.pos);
        }
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (!this.source.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) {
      if (this.pos >= this.source.length) throw new SyntaxProblem(`expected '${token}'`, this.pos);
      throw new SyntaxProblem(`expected '${token}' but found '${this.source[this.pos]}'`, this.pos);
    }
  }

  private unexpected(): never {
    const ch = this.source[this.pos];
    const next = this.source[this.pos + 1];
    if (ch === "=" && next !== "=") throw new SyntaxProblem("use '==' to compare", this.pos);
    if (ch === "&" && next !== "&") throw new SyntaxProblem("use '&&' for 'and'", this.pos);
    if (ch === "|" && next !== "|") throw new SyntaxProblem("use '||' for 'or'", this.pos);
    throw new SyntaxProblem(`unexpected '${ch}'`, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") return;
      this.pos++;
    }
  }
}

export function parseCondition(source: string): ParseConditionResult {
  if (source.length > MAX_CONDITION_LENGTH) {
    return {
      ok: false,
      message: `condition is longer than ${MAX_CONDITION_LENGTH} characters`,
      position: MAX_CONDITION_LENGTH,
    };
  }
  const parser = new ConditionParser(source);
  try {
    const ast = parser.parse();
    return { ok: true, condition: { source, ast, refs: collectRefs(parser.paths) } };
  } catch (err) {
    if (err instanceof SyntaxProblem) return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}

/** false, null, missing, 0, NaN, "", [] and {} are false; every other value is true. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
  if (typeof value === "number") return !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Structural equality of JSON values, with an explicit stack so deeply nested data cannot overflow. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop() as [unknown, unknown];
    if (x === y) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push([x[i], y[i]]);
      continue;
    }
    if (isPlainObject(x)) {
      if (!isPlainObject(y)) return false;
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        pending.push([ownValue(x, key), ownValue(y, key)]);
      }
      continue;
    }
    return false;
  }
  return true;
}

function compare(op: CompareOp, left: unknown, right: unknown): boolean {
  if (op === "==") return jsonEqual(left, right);
  if (op === "!=") return !jsonEqual(left, right);
  const comparable =
    (typeof left === "number" && typeof right === "number") ||
    (typeof left === "string" && typeof right === "string");
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  switch (op) {
    case "<":
      return l < r;
    case "<=":
      return l <= r;
    case ">":
      return l > r;
    case ">=":
      return l >= r;
  }
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function call(fn: ConditionFunction, args: unknown[]): unknown {
  const [a, b] = args;
  switch (fn) {
    case "len":
      if (typeof a === "string") return codePointLength(a);
      if (Array.isArray(a)) return a.length;
      if (isPlainObject(a)) return Object.keys(a).length;
      return null;
    case "contains":
      if (typeof a === "string") return typeof b === "string" && a.includes(b);
      if (Array.isArray(a)) return a.some((item) => jsonEqual(item, b));
      return false;
    case "startsWith":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "endsWith":
      return typeof a === "string" && typeof b === "string" && a.endsWith(b);
    case "lower":
      return typeof a === "string" ? a.toLowerCase() : null;
    case "upper":
      return typeof a === "string" ? a.toUpperCase() : null;
  }
}

function evaluate(expr: ConditionExpr, scope: ConditionScope): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "path":
      return lookupPath(expr.path, scope);
    case "not":
      return !isTruthy(evaluate(expr.operand, scope));
    case "and":
      return expr.operands.every((operand) => isTruthy(evaluate(operand, scope)));
    case "or":
      return expr.operands.some((operand) => isTruthy(evaluate(operand, scope)));
    case "compare":
      return compare(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope));
    case "call":
      return call(
        expr.fn,
        expr.args.map((arg) => evaluate(arg, scope)),
      );
  }
}

/** Whether the condition holds. Data never makes it throw: a mismatch of types is false, a missing value null. */
export function evaluateCondition(condition: ParsedCondition, scope: ConditionScope): boolean {
  return isTruthy(evaluate(condition.ast, scope));
}
