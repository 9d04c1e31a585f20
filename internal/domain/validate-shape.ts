// Checks a spec as plain data before its fields are read: every string (keys included) must be well-formed
// Unicode, and containers may not nest deeper than MAX_SPEC_DEPTH. An unpaired surrogate survives JSON.parse (as
// the escape "\ud800") but not UTF-8, nor Redis' JSON decoder, which reads stored node specs when a node is retried;
// deep nesting overflows stack-bound encoders (JSON.stringify gives up at a few thousand levels, Redis' decoder at
// 1000). Refusing both here keeps every later step, in TypeScript and in Lua, on data it can handle.

import { isPlainObject, ownValue } from "./path.js";
import { type Issues, pointer } from "./validation-issues.js";
import { hasUnpairedSurrogate } from "./well-formed-text.js";

/** The deepest nesting of objects and arrays a spec may have, the spec itself being level 1. */
export const MAX_SPEC_DEPTH = 64;
/** Text problems reported at most; a spec with more has them all for the same reason. */
const MAX_TEXT_ISSUES = 100;

/**
 * A container being walked: its children are visited in order, from `next` on. Only containers holding
 * containers get one (strings are checked on the spot), and a path is only spelled out when an issue needs it:
 * most specs have none.
 */
interface Frame {
  value: object;
  /** The object's own keys; undefined for an array. */
  keys: string[] | undefined;
  length: number;
  next: number;
  depth: number;
  /** The container holding this one, and this one's key in it; none for the spec itself. */
  parent: Frame | undefined;
  key: string | number;
}

/** The path of the container at `key` in `parent` (the spec itself when there is no parent), or of its `child`. */
function pathOf(parent: Frame | undefined, key: string | number, child?: string | number): string {
  const segments: (string | number)[] = child === undefined ? [] : [child];
  if (parent !== undefined) {
    segments.push(key);
    for (let f: Frame | undefined = parent; f?.parent !== undefined; f = f.parent) segments.push(f.key);
  }
  return pointer(...segments.reverse());
}

function childAt(container: object, keys: string[] | undefined, i: number): unknown {
  if (keys !== undefined) return ownValue(container, keys[i] as string);
  return Object.hasOwn(container, i) ? (container as unknown[])[i] : undefined;
}

/** Reports unpaired surrogates (in document order) and the first container nested too deeply. */
export function checkShape(spec: unknown, issues: Issues): void {
  let textIssues = 0;
  let tooDeep = false;
  const badText = (
    what: string,
    parent: Frame | undefined,
    key: string | number,
    child?: string | number,
  ) => {
    if (textIssues++ >= MAX_TEXT_ISSUES) return;
    issues.add("bad_field", `${what} is not well-formed Unicode: it holds an unpaired surrogate`, {
      path: pathOf(parent, key, child),
    });
  };
  // An explicit stack of the containers being walked, so any depth is safe; children are taken in order, so
  // issues follow the document.
  const stack: Frame[] = [];
  const enter = (value: unknown, parent: Frame | undefined, key: string | number, depth: number) => {
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) return;
    if (depth > MAX_SPEC_DEPTH) {
      if (!tooDeep) {
        issues.add("too_large", `data is nested deeper than ${MAX_SPEC_DEPTH} levels`, {
          path: pathOf(parent, key),
        });
        tooDeep = true;
      }
      return;
    }
    let keys: string[] | undefined;
    let length: number;
    if (isArray) length = value.length;
    else {
      keys = Object.keys(value);
      for (const k of keys) if (hasUnpairedSurrogate(k)) badText("a key", parent, key);
      length = keys.length;
    }
    // A container of plain values only (a dependsOn list, a retry policy) is checked here and now, frameless.
    let leaf = true;
    for (let i = 0; i < length && leaf; i++) {
      const child = childAt(value, keys, i);
      if (typeof child === "object" && child !== null) leaf = false;
    }
    if (!leaf) {
      stack.push({ value, keys, length, next: 0, depth, parent, key });
      return;
    }
    for (let i = 0; i < length; i++) {
      const child = childAt(value, keys, i);
      if (typeof child === "string" && hasUnpairedSurrogate(child)) {
        badText("text", parent, key, keys === undefined ? i : keys[i]);
      }
    }
  };

  if (typeof spec === "string") {
    if (hasUnpairedSurrogate(spec)) badText("text", undefined, "");
    return;
  }
  enter(spec, undefined, "", 1);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.length) {
      stack.pop();
      continue;
    }
    const i = frame.next++;
    const key = frame.keys === undefined ? i : (frame.keys[i] as string);
    const child = childAt(frame.value, frame.keys, i);
    if (typeof child === "string") {
      if (hasUnpairedSurrogate(child)) badText("text", frame.parent, frame.key, key);
    } else enter(child, frame, key, frame.depth + 1);
  }
}
