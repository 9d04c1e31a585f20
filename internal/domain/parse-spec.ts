// Turns the text of a graph spec (JSON or YAML) into a plain value for validateGraph. Both formats refuse duplicate
// keys: JSON.parse would silently keep the last one, and a spec that says two different things must not run.

import { isScalar, LineCounter, parseDocument } from "yaml";

export type SpecFormat = "json" | "yaml";

export type ParseSpecResult =
  | { ok: true; value: unknown }
  | { ok: false; code: "invalid_json" | "invalid_yaml"; message: string };

/** Aliases a YAML document may expand; stops "billion laughs" documents that are small but expand hugely. */
export const MAX_YAML_ALIASES = 100;

export function detectFormat(filename: string): SpecFormat {
  const lower = filename.toLowerCase();
  return lower.endsWith(".yaml") || lower.endsWith(".yml") ? "yaml" : "json";
}

export function parseSpecText(text: string, format: SpecFormat): ParseSpecResult {
  return format === "yaml" ? parseYaml(text) : parseJson(text);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseJson(text: string): ParseSpecResult {
  const source = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    return { ok: false, code: "invalid_json", message: errorMessage(err) };
  }
  const duplicate = findDuplicateKey(source);
  if (duplicate !== undefined) {
    const { line, column } = lineAndColumn(source, duplicate.position);
    return {
      ok: false,
      code: "invalid_json",
      message: `duplicate key ${JSON.stringify(duplicate.key)} at line ${line} column ${column}`,
    };
  }
  return { ok: true, value };
}

/**
 * Scans text that JSON.parse has already accepted, so it only has to track strings and nesting. It keeps its own
 * stack rather than recursing, so deeply nested documents cannot overflow.
 */
function findDuplicateKey(source: string): { key: string; position: number } | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectingKey = false;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '"') {
      const start = i;
      i++;
      while (source[i] !== '"') i += source[i] === "\\" ? 2 : 1;
      i++;
      const keys = stack[stack.length - 1];
      if (expectingKey && keys) {
        const key = JSON.parse(source.slice(start, i)) as string;
        if (keys.has(key)) return { key, position: start };
        keys.add(key);
        expectingKey = false;
      }
      continue;
    }
    if (ch === "{") {
      stack.push(new Set());
      expectingKey = true;
    } else if (ch === "[") {
      stack.push(null);
      expectingKey = false;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      expectingKey = false;
    } else if (ch === ",") {
      expectingKey = stack[stack.length - 1] instanceof Set;
    }
    i++;
  }
  return undefined;
}

function lineAndColumn(source: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    if (source[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

function parseYaml(text: string): ParseSpecResult {
  // The library's duplicate-key message does not say which key, so the comparison remembers it.
  let duplicate: string | undefined;
  const sameKey = (a: unknown, b: unknown): boolean => {
    const same = a === b || (isScalar(a) && isScalar(b) && a.value === b.value);
    if (same && duplicate === undefined && isScalar(a)) duplicate = String(a.value);
    return same;
  };
  try {
    const doc = parseDocument(stripBom(text), {
      version: "1.2",
      schema: "core",
      customTags: [],
      // The YAML 1.1 extras (!!binary, !!set, !!timestamp...) would yield values that are not JSON.
      resolveKnownTags: false,
      merge: false,
      uniqueKeys: sameKey,
      stringKeys: true,
      // "error" rather than "silent": the library drops the "multiple documents" error when silent, and
      // it only ever writes warnings to the console, which "error" suppresses.
      logLevel: "error",
      lineCounter: new LineCounter(),
      prettyErrors: true,
    });
    // Warnings are refused too: an unknown tag such as `!js/function` is only a warning to the library.
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) {
      const message =
        problem.code === "DUPLICATE_KEY" && duplicate !== undefined
          ? `duplicate key ${JSON.stringify(duplicate)}: ${problem.message}`
          : problem.message;
      return { ok: false, code: "invalid_yaml", message };
    }
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    // toJS throws on too many aliases, and a runaway nesting depth surfaces as a RangeError.
    return { ok: false, code: "invalid_yaml", message: errorMessage(err) };
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof RangeError) return "document is nested too deeply";
  return err instanceof Error ? err.message : String(err);
}
