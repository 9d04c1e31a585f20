// Turns a request body into the plain value the service expects: checks the media type, reads the bytes under the
// size limit, decodes strict UTF-8 and parses JSON or YAML (both refusing duplicate keys).
import type { Request } from "express";
import { parseSpecText, type SpecFormat } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";
import { specFormatOf } from "./media-type.js";
import { readBody } from "./read-body.js";

const ANY_FORMAT: readonly SpecFormat[] = ["json", "yaml"];
const JSON_ONLY: readonly SpecFormat[] = ["json"];

/** A graph spec body: JSON or YAML. */
export function parseSpecBody(req: Request, maxBytes: number): Promise<unknown> {
  return parseBody(req, maxBytes, ANY_FORMAT);
}

/** A small JSON request body, such as the node to retry. */
export function parseJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  return parseBody(req, maxBytes, JSON_ONLY);
}

async function parseBody(req: Request, maxBytes: number, accepted: readonly SpecFormat[]): Promise<unknown> {
  // The media type is checked first so a client learns about it without uploading the whole body.
  const format = specFormatOf(req.headers["content-type"], accepted);
  const bytes = await readBody(req, maxBytes);
  const code = format === "yaml" ? "invalid_yaml" : "invalid_json";
  let text: string;
  try {
    // ignoreBOM keeps a leading BOM in the text; parseSpecText strips it for both formats.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DagoError(code, "the body is not valid UTF-8");
  }
  const parsed = parseSpecText(text, format);
  if (!parsed.ok) throw new DagoError(parsed.code, parsed.message);
  return parsed.value;
}
