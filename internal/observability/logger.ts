// dago's structured logger, on pino. Each line is one JSON object that starts with level, time and msg, then the
// logger's bindings and the call's fields (a field wins over a binding of the same name); LOG_FORMAT=console
// renders the same line for a terminal.
import pino from "pino";
import type { LogFormat, LogLevel } from "../config/index.js";
import { consoleStream } from "./console-line.js";
import { type LogStream, stdoutStream } from "./log-stream.js";
import { CENSORED, REDACTED_PATHS } from "./redaction.js";
import { type LogFields, safeFields, truncate } from "./safe-value.js";

export type { LogFields, LogFormat, LogLevel, LogStream };

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stdout (synchronously) by default. */
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

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(["debug", "info", "warn", "error"]);

// Fields reach pino already made safe (safe-value.ts); pino's own error serializer would reshape them again.
const asGiven = (value: unknown) => value;

function createPino(options: LoggerOptions): pino.Logger {
  const now = options.now ?? (() => new Date());
  const target = options.stream ?? stdoutStream();
  return pino(
    {
      level: LEVELS.has(options.level) ? options.level : "info",
      base: null,
      messageKey: "msg",
      formatters: { level: (label) => ({ level: label }) },
      timestamp: () => `,"time":"${now().toISOString()}"`,
      serializers: { err: asGiven },
      redact: { paths: [...REDACTED_PATHS], censor: CENSORED },
    },
    options.format === "console" ? consoleStream(target) : target,
  );
}

function withBindings(base: LogFields, more: LogFields): LogFields {
  try {
    return { ...base, ...safeFields(more) };
  } catch {
    return { ...base, bindings: "[Unreadable]" };
  }
}

// Bindings are merged into each line here rather than kept as pino child bindings: pino writes those before the
// message and repeats a key that a field overrides, and a line must start with level, time and msg and name
// each key once.
function wrap(instance: pino.Logger, level: LogLevel, bindings: LogFields): Logger {
  const write = (at: LogLevel, msg: string, fields: LogFields | undefined) => {
    if (!instance.isLevelEnabled(at)) return;
    try {
      instance[at]({ msg: truncate(String(msg)), ...bindings, ...safeFields(fields) });
    } catch {
      // A broken stream or clock must not break the caller; there is nowhere better to report it.
    }
  };
  return {
    level,
    isLevelEnabled: (at) => instance.isLevelEnabled(at),
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (more) => wrap(instance, level, withBindings(bindings, more)),
  };
}

export function createLogger(options: LoggerOptions): Logger {
  return wrap(createPino(options), options.level, withBindings({}, options.bindings ?? {}));
}
