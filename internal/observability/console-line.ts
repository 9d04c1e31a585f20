// LOG_FORMAT=console: turns one JSON line, as pino wrote it, into one line a person reads in a terminal:
// `12:34:56.789 WARN  message key=value …`, with an error's stack indented below.
import type { LogStream } from "./log-stream.js";

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function clock(time: unknown): string {
  const at = new Date(typeof time === "string" ? time : Number.NaN);
  if (Number.isNaN(at.getTime())) return String(time);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

function consoleValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

interface ErrorShape {
  name: string;
  message: string;
  stack: string;
}

// An error reaches this point as the object safe-value.ts made of it (name, message, stack, maybe code and
// cause); an object with a string name, message and stack is read as one.
function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { name, message, stack } = value as Record<string, unknown>;
  return typeof name === "string" && typeof message === "string" && typeof stack === "string";
}

export function renderConsoleLine(record: Record<string, unknown>): string {
  const { level, time, msg, ...fields } = record;
  let line = `${clock(time)} ${String(level).toUpperCase().padEnd(5)} ${String(msg)}`;
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    // An error reads best as its message inline, with the stack below the line.
    if (isErrorShape(value)) {
      line += ` ${key}=${JSON.stringify(`${value.name}: ${value.message}`)}`;
      for (const frame of value.stack.split("\n").slice(1)) stacks.push(`    ${frame.trim()}`);
      continue;
    }
    line += ` ${key}=${consoleValue(value)}`;
  }
  return stacks.length > 0 ? `${line}\n${stacks.join("\n")}` : line;
}

/** A stream that takes pino's JSON lines and writes them to `target` in the console format. */
export function consoleStream(target: LogStream): LogStream {
  return {
    write: (chunk) => target.write(`${renderConsoleLine(JSON.parse(chunk) as Record<string, unknown>)}\n`),
  };
}
