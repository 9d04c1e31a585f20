// Turns whatever a command threw into `dago: <message>` (plus detail lines) on stderr and an exit code.
import { ConfigError } from "../../internal/config/index.js";
import { DagoApiError, DagoConnectionError } from "../../pkg/client/errors.js";
import { CliError } from "./cli-error.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { formatIssue } from "./format.js";
import { println, type TextSink } from "./io.js";

/** What the CLI sent, so a refusal can say which setting to change. */
export interface ReportContext {
  /** Whether DAGO_API_KEY was set (and so sent). */
  apiKeySet?: boolean;
}

export function reportError(err: unknown, stderr: TextSink, context: ReportContext = {}): ExitCode {
  const { code, message, details } = describe(err, context);
  println(stderr, `dago: ${message}`);
  for (const line of details) println(stderr, `  ${line}`);
  return code;
}

function describe(
  err: unknown,
  context: ReportContext,
): { code: ExitCode; message: string; details: string[] } {
  if (err instanceof CliError) return { code: err.exitCode, message: err.message, details: err.details };
  // Its message already lists every problem, one per line.
  if (err instanceof ConfigError)
    return { code: EXIT_CODES.invalidConfig, message: err.message, details: [] };
  if (err instanceof DagoConnectionError)
    return { code: EXIT_CODES.unavailable, message: err.message, details: [] };
  if (err instanceof DagoApiError && err.code === "body_too_large") return describeTooLarge(err);
  if (err instanceof DagoApiError) {
    return {
      code: apiExitCode(err),
      message: refusalMessage(err, context),
      details: err.details.map(formatIssue),
    };
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { code: EXIT_CODES.graphFailed, message: `unexpected error: ${message}`, details: [] };
}

// The server's own words name an HTTP header; a CLI user sets an environment variable instead.
function refusalMessage(err: DagoApiError, context: ReportContext): string {
  if (err.status === 401) {
    const fix = "set DAGO_API_KEY to one of the server's keys (DAGO_API_KEYS or DAGO_API_KEYS_FILE)";
    return context.apiKeySet
      ? `the server refused the API key in DAGO_API_KEY (${err.message}): ${fix}`
      : `the server requires an API key: ${fix}`;
  }
  if (err.status === 403) {
    return (
      `the role of the API key in DAGO_API_KEY does not allow this (${err.message}): use a key with a ` +
      "higher role (read < write < admin)"
    );
  }
  return err.message;
}

/** The one refusal a user fixes on the server's side as often as in the file, so it names the setting. */
function describeTooLarge(err: DagoApiError): { code: ExitCode; message: string; details: string[] } {
  const limit = err.details.find((d) => typeof d.limit === "number")?.limit;
  const bound = typeof limit === "number" ? `at most ${limit} bytes` : "a smaller body";
  return {
    code: apiExitCode(err),
    message: `the server refused the request (HTTP ${err.status} ${err.code}): ${err.message}`,
    details: [
      `the server accepts ${bound} (its DAGO_MAX_BODY_BYTES): send less, or raise DAGO_MAX_BODY_BYTES where dago serve runs`,
    ],
  };
}

export function apiExitCode(err: DagoApiError): ExitCode {
  // An oversized spec is refused for what it is, like an invalid one.
  if (err.code === "validation_failed" || err.code === "body_too_large") return EXIT_CODES.invalidGraph;
  if (err.status === 404) return EXIT_CODES.notFound;
  if (err.status === 409) return EXIT_CODES.conflict;
  // Below 400 the server said "fine" in a way no dago server does: something else is answering at that address.
  if (err.status >= 500 || err.status < 400) return EXIT_CODES.unavailable;
  return EXIT_CODES.usage;
}
