// The server the CLI client commands talk to, and the key they send.
import type { EnvReader } from "./env-reader.js";
import { anyText, httpUrl } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

export const clientVariables = {
  url: defaultedVariable({
    name: "DAGO_URL",
    fallback: "http://localhost:8080",
    description: "Server the CLI client commands talk to.",
    schema: httpUrl(),
  }),
  apiKey: envVariable({
    name: "DAGO_API_KEY",
    default: "(unset)",
    description:
      "API key the CLI client commands send (`Authorization: Bearer`), when the server requires one.",
    schema: anyText(),
    secret: true,
  }),
} as const;

/** The client's URL without a trailing slash: client commands append paths, so one would double up. */
export function loadClientUrl(r: EnvReader): string {
  return r.value(clientVariables.url).replace(/\/+$/, "");
}
