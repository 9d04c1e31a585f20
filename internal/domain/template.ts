// `{{ path }}` templates in a node's `prompt` and `system`. Only paths may appear between the braces (no
// expressions), so rendering a template can never do more than read the scope.
//
// Escaping: a backslash directly before `{{` makes the braces literal text, so `\{{ input.x }}` renders as
// `{{ input.x }}` (the backslash is dropped). A backslash anywhere else is ordinary text, and `}}` outside an
// expansion is ordinary text too.

import {
  type ConditionScope,
  collectRefs,
  lookupPath,
  parsePath,
  type Refs,
  type ValuePath,
} from "./path.js";

export type TemplatePart = { kind: "text"; text: string } | { kind: "path"; path: ValuePath };

export interface ParsedTemplate {
  source: string;
  parts: TemplatePart[];
  refs: Refs;
}

export type ParseTemplateResult =
  | { ok: true; template: ParsedTemplate }
  | { ok: false; message: string; position: number };

function skipSpace(source: string, start: number): number {
  let i = start;
  while (i < source.length) {
    const ch = source[i];
    if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") break;
    i++;
  }
  return i;
}

export function parseTemplate(source: string): ParseTemplateResult {
  const parts: TemplatePart[] = [];
  const paths: ValuePath[] = [];
  let text = "";
  let i = 0;
  for (;;) {
    const open = source.indexOf("{{", i);
    if (open === -1) break;
    if (open > 0 && source[open - 1] === "\\") {
      text += `${source.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    text += source.slice(i, open);
    if (source.indexOf("}}", open + 2) === -1) return { ok: false, message: "unclosed '{{'", position: open };
    const start = skipSpace(source, open + 2);
    if (source.startsWith("}}", start)) return { ok: false, message: "empty '{{ }}'", position: open };
    const result = parsePath(source, start);
    if (!result.ok) return { ok: false, message: result.message, position: result.position };
    const close = skipSpace(source, result.end);
    if (!source.startsWith("}}", close)) {
      return { ok: false, message: "expected '}}' after the path", position: close };
    }
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
    parts.push({ kind: "path", path: result.value });
    paths.push(result.value);
    i = close + 2;
  }
  text += source.slice(i);
  if (text !== "") parts.push({ kind: "text", text });
  return { ok: true, template: { source, parts, refs: collectRefs(paths) } };
}

function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    // Outputs are JSON, so this only guards against a caller passing a cyclic object.
    return "";
  }
}

/** Strings go in as they are, numbers and booleans as text, null or missing as "", objects and arrays as JSON. */
export function renderTemplate(template: ParsedTemplate, scope: ConditionScope): string {
  let out = "";
  for (const part of template.parts) {
    out += part.kind === "text" ? part.text : display(lookupPath(part.path, scope));
  }
  return out;
}
