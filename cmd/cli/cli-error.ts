// An error the CLI reports as it is: the message goes to stderr and the process exits with the chosen code.
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";

export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** Extra lines printed under the message, one per line. */
  readonly details: string[];

  constructor(exitCode: ExitCode, message: string, details: string[] = []) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.details = details;
  }
}

/** The command line itself is wrong: unknown command or flag, missing or malformed argument. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(EXIT_CODES.usage, message, ["run 'dago --help' for usage"]);
    this.name = "UsageError";
  }
}
