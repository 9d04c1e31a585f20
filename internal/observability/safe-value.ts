// Copies what a caller logs into a JSON-safe shape before pino writes it. Logging must never take the process
// down, so cycles, throwing getters, bigints and huge strings all degrade to readable markers here, and secrets
// under telling names are hidden at any depth.
import { CENSORED, isSecretKey } from "./redaction.js";

export type LogFields = Record<string, unknown>;

const MAX_STRING = 2000;
const MAX_DEPTH = 8;
const MAX_ITEMS = 100;
// The keys pino writes itself; a reader must be able to trust them, so a field of the same name is renamed.
const RESERVED = new Set(["level", "time", "msg"]);

export function truncate(text: string): string {
  if (text.length <= MAX_STRING) return text;
  return `${text.slice(0, MAX_STRING)}…[truncated ${text.length - MAX_STRING} chars]`;
}

function serializeError(error: Error, ancestors: object[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: truncate(String(error.message)) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = toSafe(code, "code", ancestors, depth + 1);
  if (error.stack !== undefined) out.stack = truncate(error.stack);
  if (error.cause !== undefined) out.cause = toSafe(error.cause, "cause", ancestors, depth + 1);
  return out;
}

function toSafeObject(value: object, ancestors: object[], depth: number): unknown {
  if (ancestors.includes(value)) return "[Circular]";
  if (value instanceof Error) return serializeError(value, [...ancestors, value], depth);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? "[Array]" : "[Object]";
  const inner = [...ancestors, value];
  if (Array.isArray(value) || value instanceof Set) {
    const items = [...value];
    const out = items.slice(0, MAX_ITEMS).map((item) => toSafe(item, undefined, inner, depth + 1) ?? null);
    if (items.length > MAX_ITEMS) out.push(`…[${items.length - MAX_ITEMS} more]`);
    return out;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toSafe(v, String(k), inner, depth + 1);
    return out;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return toSafe(toJSON.call(value), undefined, inner, depth + 1);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    try {
      out[key] = toSafe((value as Record<string, unknown>)[key], key, inner, depth + 1);
    } catch {
      out[key] = "[Unreadable]";
    }
  }
  return out;
}

function toSafe(value: unknown, key: string | undefined, ancestors: object[], depth: number): unknown {
  if (isSecretKey(key, value)) return CENSORED;
  switch (typeof value) {
    case "string":
      return truncate(value);
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
    case "object":
      if (value === null) return null;
      try {
        return toSafeObject(value, ancestors, depth);
      } catch {
        return "[Unserializable]";
      }
    default:
      return value;
  }
}

/** A JSON-safe copy of a line's fields (or a logger's bindings), with reserved names prefixed by `_`. */
export function safeFields(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  if (fields === undefined) return out;
  for (const key of Object.keys(fields)) {
    let original: unknown;
    try {
      original = fields[key];
    } catch {
      original = "[Unreadable]";
    }
    out[RESERVED.has(key) ? `_${key}` : key] = toSafe(original, key, [], 0);
  }
  return out;
}
