// The help text, generated from the command table and the exit-code table so it cannot fall behind either.
import { COMMANDS, type CommandSpec, GLOBAL_OPTIONS, type OptionSpec } from "./args.js";
import { EXIT_CODE_DESCRIPTIONS } from "./exit-codes.js";

const COLUMN = 34;
const GROUP_TITLES: Record<CommandSpec["group"], string> = {
  server: "Server commands",
  graphs: "Graph commands (talk to the server at --url)",
  other: "Other commands",
};

export function synopsis(command: CommandSpec): string {
  const options = Object.entries(command.options).map(([name, spec]) => `[${optionLabel(name, spec)}]`);
  return [command.name, ...command.args, ...options].join(" ");
}

function optionLabel(name: string, spec: OptionSpec): string {
  return spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`;
}

/** A left column and its description; the description moves to its own line when the left column is long. */
function row(left: string, description: string): string {
  const indented = `  ${left}`;
  if (indented.length < COLUMN) return `${indented.padEnd(COLUMN)}${description}`;
  return `${indented}\n${" ".repeat(COLUMN)}${description}`;
}

function optionRows(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const label = optionLabel(name, spec);
    return row(spec.short === undefined ? label : `-${spec.short}, ${label}`, spec.description);
  });
}

/** "  0  success", "  10 serve: ...": every description starts in one column, two spaces after a one-digit code. */
function exitCodeRows(): string[] {
  const width = Math.max(...EXIT_CODE_DESCRIPTIONS.map(([code]) => String(code).length));
  return EXIT_CODE_DESCRIPTIONS.map(
    ([code, description]) => `  ${String(code).padEnd(width)} ${description}`,
  );
}

export function usageText(): string {
  const lines = ["Usage: dago [--url URL] [--tenant T] <command> [arguments]", ""];
  for (const group of Object.keys(GROUP_TITLES) as CommandSpec["group"][]) {
    lines.push(`${GROUP_TITLES[group]}:`);
    for (const command of COMMANDS.filter((c) => c.group === group)) {
      lines.push(row(synopsis(command), command.summary));
    }
    lines.push("");
  }
  lines.push("Global options:", ...optionRows(GLOBAL_OPTIONS), "");
  lines.push("Exit codes:", ...exitCodeRows(), "");
  return lines.join("\n");
}

export function commandUsageText(command: CommandSpec): string {
  const lines = [`Usage: dago ${synopsis(command)}`, "", `${capitalize(command.summary)}.`, ""];
  if (command.help !== undefined) lines.push(...command.help, "");
  if (Object.keys(command.options).length > 0) lines.push("Options:", ...optionRows(command.options), "");
  lines.push("Global options:", ...optionRows(GLOBAL_OPTIONS), "");
  lines.push("Exit codes:", ...exitCodeRows(), "");
  return lines.join("\n");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
