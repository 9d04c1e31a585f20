// A dependency-free structured logger. Logging must never take the process down, so every value is copied into
// a JSON-safe shape first: cycles, throwing getters, bigints and huge strings all degrade to readable markers.
import type { LogFormat, LogLevel } from "../config/index.js";

export type { LogFormat, LogLevel };

export type LogFields = Record<string, unknown>;

export interface LogStream {
  write(chunk: string): unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stdout by default. */
  stream?: LogStream;
  /** Fields added to every line of this logger and its children. */
  bindings?: LogFields;
  /** Clock, replaceable for tests. */
  now?: () => Date;
}

export interface Logger {
  readonly level: LogLevel;
  isLevelEnabled(level: LogLevel): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line, on top of this one's. */
  child(bindings: LogFields): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization/i;
const MAX_STRING = 2000;
const MAX_DEPTH = 8;
const MAX_ITEMS = 100;
const RESERVED = new Set(["level", "time", "msg"]);

function truncate(text: string): string {
  if (text.length <= MAX_STRING) return text;
  return `${text.slice(0, MAX_STRING)}…[truncated ${text.length - MAX_STRING} chars]`;
}

function isSecretKey(key: string | undefined, value: unknown): boolean {
  // Counts such as `outputTokens: 512` match the pattern but reveal nothing, and are worth seeing.
  if (key === undefined || !SECRET_KEY.test(key)) return false;
  return value !== undefined && value !== null && typeof value !== "number" && typeof value !== "boolean";
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
  if (isSecretKey(key, value)) return "***";
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

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function consoleValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

function renderConsole(level: LogLevel, time: Date, msg: string, entries: Array<[string, unknown, unknown]>) {
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
  let line = `${clock}.${pad(time.getMilliseconds(), 3)} ${level.toUpperCase().padEnd(5)} ${msg}`;
  const stacks: string[] = [];
  for (const [key, original, safe] of entries) {
    if (safe === undefined) continue;
    // An error reads best as its message inline, with the stack below the line.
    if (original instanceof Error && typeof safe === "object" && safe !== null && !Array.isArray(safe)) {
      const { name, message, stack } = safe as { name?: unknown; message?: unknown; stack?: unknown };
      line += ` ${key}=${JSON.stringify(`${String(name)}: ${String(message)}`)}`;
      if (typeof stack === "string")
        stacks.push(
          ...stack
            .split("\n")
            .slice(1)
            .map((l) => `    ${l.trim()}`),
        );
      continue;
    }
    line += ` ${key}=${consoleValue(safe)}`;
  }
  return stacks.length > 0 ? `${line}\n${stacks.join("\n")}` : line;
}

function collect(bindings: LogFields, fields: LogFields | undefined): Array<[string, unknown, unknown]> {
  const merged: LogFields = { ...bindings, ...fields };
  const entries: Array<[string, unknown, unknown]> = [];
  for (const key of Object.keys(merged)) {
    let original: unknown;
    try {
      original = merged[key];
    } catch {
      original = "[Unreadable]";
    }
    // Never let a field overwrite level, time or msg: a reader must be able to trust those.
    const name = RESERVED.has(key) ? `_${key}` : key;
    entries.push([name, original, toSafe(original, key, [], 0)]);
  }
  return entries;
}

function mergeBindings(base: LogFields, more: LogFields): LogFields {
  try {
    return { ...base, ...more };
  } catch {
    return { ...base, bindings: "[Unreadable]" };
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const stream = options.stream ?? process.stdout;
  const now = options.now ?? (() => new Date());
  const threshold = SEVERITY[options.level] ?? SEVERITY.info;
  const bindings = options.bindings ?? {};

  const write = (level: LogLevel, msg: string, fields: LogFields | undefined) => {
    if (SEVERITY[level] < threshold) return;
    try {
      const time = now();
      const text = truncate(String(msg));
      const entries = collect(bindings, fields);
      let line: string;
      if (options.format === "console") {
        line = renderConsole(level, time, text, entries);
      } else {
        const record: Record<string, unknown> = { level, time: time.toISOString(), msg: text };
        for (const [key, , safe] of entries) record[key] = safe;
        line = JSON.stringify(record);
      }
      stream.write(`${line}\n`);
    } catch {
      // A broken stream or clock must not break the caller; there is nowhere better to report it.
    }
  };

  return {
    level: options.level,
    isLevelEnabled: (level) => SEVERITY[level] >= threshold,
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (more) => createLogger({ ...options, stream, now, bindings: mergeBindings(bindings, more) }),
  };
}
