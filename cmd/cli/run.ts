// The whole CLI as one function from argv to exit code; the executable only wires it to the process.
import { parseArgv } from "./args.js";
import { COMMAND_HANDLERS } from "./commands/index.js";
import { EXIT_CODES } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { reportError } from "./report-error.js";
import { commandUsageText, usageText } from "./usage.js";
import { packageVersion } from "./version.js";

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgv(argv);
    if (parsed.kind === "version") {
      io.stdout.write(`dago ${packageVersion()}\n`);
      return EXIT_CODES.ok;
    }
    if (parsed.kind === "help") {
      io.stdout.write(parsed.command === undefined ? usageText() : commandUsageText(parsed.command));
      return EXIT_CODES.ok;
    }
    const { command, args, flags, global } = parsed;
    const name = command.name;
    // The parser answers `help` itself; the check only tells the compiler so.
    if (name === "help") return EXIT_CODES.ok;
    return await COMMAND_HANDLERS[name]({ command, args, flags, global, io });
  } catch (err) {
    const apiKey = io.env.DAGO_API_KEY;
    return reportError(err, io.stderr, { apiKeySet: apiKey !== undefined && apiKey !== "" });
  }
}
