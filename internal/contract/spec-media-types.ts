// The Content-Type that announces a graph spec written as text. The server also takes a few older YAML names
// (internal/api/http/media-type.ts); these are the ones a client sends.
import type { SpecFormat } from "../domain/parse-spec.js";

export const SPEC_CONTENT_TYPES: Readonly<Record<SpecFormat, string>> = {
  json: "application/json",
  yaml: "application/yaml",
};
