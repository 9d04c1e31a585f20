// The OpenAPI document ships as a JSON file next to this module (the build copies it into dist), read once.
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The document's text, served unchanged on GET /openapi.json. */
export function openApiText(): string {
  cached ??= readFileSync(new URL("./openapi.json", import.meta.url), "utf8");
  return cached;
}
