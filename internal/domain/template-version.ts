// A graph template: named, tenant-scoped, and kept as immutable versions addressed by number and content hash.

export const TEMPLATE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** What a version holds: a graph spec and, optionally, the JSON Schema a run's `input` must match. */
export interface TemplateContent {
  spec: Record<string, unknown>;
  inputSchema?: Record<string, unknown>;
}

/** A version's metadata: its number, the sha256 (hex) of its canonical content, when and by whom it was pushed. */
export interface TemplateVersionMeta {
  version: number;
  hash: string;
  createdAt: number;
  by: string;
}

export interface TemplateVersion extends TemplateVersionMeta, TemplateContent {
  name: string;
}

/** A template in a list: its name and its latest version. */
export interface TemplateSummary {
  name: string;
  latest: TemplateVersionMeta;
  updatedAt: number;
}
