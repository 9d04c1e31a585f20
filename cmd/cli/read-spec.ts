// Reads a graph spec from a file or stdin and parses it, refusing unreadable or unparsable input with exit code 8.
import { readFile } from "node:fs/promises";
import { detectFormat, parseSpecText, type SpecFormat } from "../../internal/domain/index.js";
import { CliError } from "./cli-error.js";
import { EXIT_CODES } from "./exit-codes.js";
import type { CliIo } from "./io.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

export async function readSpec(file: string, io: CliIo): Promise<unknown> {
  const name = file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = file === "-" ? await readAll(io.stdin) : await readFile(file, "utf8");
  } catch (err) {
    throw new CliError(EXIT_CODES.badFile, `cannot read ${name}: ${reason(err)}`);
  }
  const format = file === "-" ? sniffFormat(text) : detectFormat(file);
  const parsed = parseSpecText(text, format);
  if (!parsed.ok) {
    throw new CliError(
      EXIT_CODES.badFile,
      `cannot parse ${name} as ${format.toUpperCase()}: ${parsed.message}`,
    );
  }
  return parsed.value;
}

/** Stdin has no extension to go by: a document opening with a brace or bracket is JSON, anything else YAML. */
function sniffFormat(text: string): SpecFormat {
  return /^\uFEFF?\s*[{[]/.test(text) ? "json" : "yaml";
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? REASONS[code] : undefined;
  if (known !== undefined) return known;
  return err instanceof Error ? err.message : String(err);
}
