// Who may call the APIs: keys given inline and in a file, parsed by internal/auth so both share one syntax.
import { readFileSync } from "node:fs";
import { type KeyRole, parseApiKeys } from "../auth/api-keys.js";
import type { EnvReader } from "./env-reader.js";
import { anyText } from "./env-schemas.js";
import { envVariable } from "./env-variable.js";

/** One API key: the tenant it acts for and what it may do (see internal/auth). */
export interface ApiKeyConfig {
  readonly tenantId: string;
  readonly role: KeyRole;
  readonly key: string;
}

export const apiKeyVariables = {
  keys: envVariable({
    name: "DAGO_API_KEYS",
    default: "(unset: no authentication)",
    description:
      "API keys as `tenant[:role[:name]]=key`, comma-separated; role is read, write (default) or admin; name (default `key-` plus 8 hex digits of the key's SHA-256) is what events record as `by`. Keys are at " +
      "least 16 characters. When set, every API call needs `Authorization: Bearer <key>`.",
    schema: anyText(),
    secret: true,
  }),
  file: envVariable({
    name: "DAGO_API_KEYS_FILE",
    default: "(unset)",
    description: "File with more API keys, one `tenant[:role[:name]]=key` per line (`#` comments allowed).",
    schema: anyText(),
  }),
} as const;

const v = apiKeyVariables;

// parseApiKeys reports every bad entry without quoting a key, so its problems are passed on one by one.
export function loadApiKeys(r: EnvReader): ApiKeyConfig[] {
  const entries: ApiKeyConfig[] = [];
  const add = (name: string, text: string) => {
    const parsed = parseApiKeys(text);
    for (const problem of parsed.problems) r.report(`${name} is invalid: ${problem}`);
    entries.push(...parsed.entries);
  };
  const inline = r.read(v.keys);
  if (inline !== undefined) add(v.keys.name, inline);
  const file = r.read(v.file);
  if (file !== undefined) {
    try {
      add(v.file.name, readFileSync(file, "utf8"));
    } catch (err) {
      r.report(`${v.file.name}=${JSON.stringify(file)} cannot be read: ${(err as Error).message}`);
    }
  }
  if (new Set(entries.map((e) => e.key)).size !== entries.length) {
    r.report("DAGO_API_KEYS and DAGO_API_KEYS_FILE list the same key twice");
  }
  return entries;
}
