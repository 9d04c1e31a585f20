// What a log line must never show. Two nets, because secrets arrive two ways: under a telling field name at any
// depth (a password in a config, an API key in SDK details), which only a pattern can catch, and under header
// names that say nothing about credentials, which are known in advance and listed as paths for pino's redaction.

/** What a hidden value is replaced with, by either net. */
export const CENSORED = "***";

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization/i;

/** Whether the value under `key` is hidden wherever it sits in a line. */
export function isSecretKey(key: string | undefined, value: unknown): boolean {
  // Counts such as `outputTokens: 512` match the pattern but reveal nothing, and are worth seeing.
  if (key === undefined || !SECRET_KEY.test(key)) return false;
  return value !== undefined && value !== null && typeof value !== "number" && typeof value !== "boolean";
}

// Cookies carry sessions, and a WebSocket client may send its API key as a subprotocol (`dago.bearer.<key>`).
const CREDENTIAL_HEADERS = ["cookie", "set-cookie", "sec-websocket-protocol"];
// Where headers sit in a line: a field of their own, a request, and the request details an LLM SDK logs.
const HEADER_HOLDERS = ["headers", "req.headers", "details[*].headers"];

/** pino `redact` paths: credential headers the key pattern does not recognise. */
export const REDACTED_PATHS: readonly string[] = HEADER_HOLDERS.flatMap((holder) =>
  CREDENTIAL_HEADERS.map((header) => `${holder}["${header}"]`),
);
