// Reads the Content-Type header into the spec format it announces. Only UTF-8 text is accepted: a spec is JSON or
// YAML, and a declared charset other than UTF-8 would be decoded wrongly rather than refused.
import type { SpecFormat } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";

const FORMATS: ReadonlyMap<string, SpecFormat> = new Map([
  ["application/json", "json"],
  ["application/yaml", "yaml"],
  ["application/x-yaml", "yaml"],
  ["text/yaml", "yaml"],
]);

/** The media types accepted for a graph spec, in the order error messages list them. */
export const SPEC_MEDIA_TYPES: readonly string[] = [...FORMATS.keys()];

export function specFormatOf(contentType: string | undefined, accepted: readonly SpecFormat[]): SpecFormat {
  const parsed = parseContentType(contentType);
  const format = parsed && FORMATS.get(parsed.type);
  const allowed = SPEC_MEDIA_TYPES.filter((type) => accepted.includes(FORMATS.get(type) as SpecFormat));
  if (!parsed || !format || !accepted.includes(format)) {
    const got = contentType === undefined ? "no Content-Type" : `Content-Type ${JSON.stringify(contentType)}`;
    throw new DagoError("unsupported_media_type", `${got} is not supported; use ${allowed.join(" or ")}`);
  }
  if (parsed.charset !== undefined && parsed.charset !== "utf-8" && parsed.charset !== "utf8") {
    throw new DagoError(
      "unsupported_media_type",
      `charset ${JSON.stringify(parsed.charset)} is not supported; use utf-8`,
    );
  }
  return format;
}

function parseContentType(header: string | undefined): { type: string; charset?: string } | undefined {
  if (header === undefined) return undefined;
  const [type = "", ...params] = header.split(";");
  const result: { type: string; charset?: string } = { type: type.trim().toLowerCase() };
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    result.charset = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return result;
}
