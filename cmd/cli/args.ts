// The command table and the argv parser. Global flags may stand before or after the command; every other flag
// must belong to the command, so a typo is a usage error rather than silently ignored.
import { parseArgs } from "node:util";
import { UsageError } from "./cli-error.js";

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  /** Placeholder shown in help for a string option's value. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: CommandName;
  /** Positional arguments; a name in brackets is optional. */
  args: readonly string[];
  summary: string;
  /** More lines for the command's own --help, where the summary alone would mislead. */
  help?: readonly string[];
  options: Readonly<Record<string, OptionSpec>>;
  group: "server" | "graphs" | "other";
}

export const COMMAND_NAMES = [
  "serve",
  "worker",
  "submit",
  "validate",
  "status",
  "events",
  "list",
  "cancel",
  "pause",
  "resume",
  "retry",
  "assign",
  "patch",
  "approve",
  "reject",
  "approvals",
  "workers",
  "check",
  "help",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  url: {
    type: "string",
    value: "URL",
    description: "server address (default: $DAGO_URL, else http://localhost:8080)",
  },
  tenant: {
    type: "string",
    value: "T",
    description: "act for tenant T (the /api/v1/tenants/T/workflows routes)",
  },
  help: { type: "boolean", short: "h", description: "show help" },
  version: { type: "boolean", description: "print the version" },
};

const JSON_OPTION: OptionSpec = { type: "boolean", description: "print JSON instead of text" };
const DECISION_KEY_OPTION: OptionSpec = {
  type: "string",
  value: "K",
  description: "a repeat with the same key prints the first decision",
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "serve",
    args: [],
    group: "server",
    summary: "run the API server (and a worker pool, unless --no-workers) until stopped",
    options: { "no-workers": { type: "boolean", description: "run no worker pool in this process" } },
  },
  {
    name: "worker",
    args: [],
    group: "server",
    summary: "run a worker pool only, until stopped (SIGINT/SIGTERM)",
    options: {},
  },
  {
    name: "submit",
    args: ["FILE"],
    group: "graphs",
    summary: 'submit a graph spec (JSON, or YAML if .yaml/.yml; "-" is stdin), print its id',
    options: {
      wait: { type: "boolean", description: "wait for the graph to end and print every node's status" },
      "idempotency-key": {
        type: "string",
        value: "K",
        description: "a repeat with the same key and body returns the first graph",
      },
      json: { type: "boolean", description: "print the graph (the final one with --wait) as JSON" },
    },
  },
  {
    name: "validate",
    args: ["FILE"],
    group: "graphs",
    summary: "check a graph spec locally, no server needed: every issue, and the levels",
    options: { json: JSON_OPTION },
  },
  {
    name: "status",
    args: ["ID"],
    group: "graphs",
    summary: "print a graph's status, and each node's status and output",
    options: { json: JSON_OPTION },
  },
  {
    name: "events",
    args: ["ID"],
    group: "graphs",
    summary: "print a graph's events, one per line",
    options: {
      follow: { type: "boolean", short: "f", description: "keep printing new events until the graph ends" },
      after: { type: "string", value: "EID", description: "only events after event id EID" },
      types: {
        type: "string",
        value: "T,T",
        description: "only events of these types (GraphPaused,NodeFailed)",
      },
      json: { type: "boolean", description: "print one JSON event per line" },
    },
  },
  {
    name: "list",
    args: [],
    group: "graphs",
    summary: "list graphs, newest first",
    options: {
      status: { type: "string", value: "S", description: "only graphs with status S" },
      limit: { type: "string", value: "N", description: "at most N graphs" },
      cursor: {
        type: "string",
        value: "C",
        description: "the page after cursor C (printed after a full page)",
      },
      json: JSON_OPTION,
    },
  },
  {
    name: "cancel",
    args: ["ID"],
    group: "graphs",
    summary: "cancel a graph",
    options: { json: JSON_OPTION },
  },
  { name: "pause", args: ["ID"], group: "graphs", summary: "pause a graph", options: { json: JSON_OPTION } },
  {
    name: "resume",
    args: ["ID"],
    group: "graphs",
    summary: "resume a paused graph",
    options: { json: JSON_OPTION },
  },
  {
    name: "retry",
    args: ["ID", "NODE"],
    group: "graphs",
    summary: "run a failed node again, with what its failure cancelled or skipped",
    // What the server's retryNode script does, no more: any other node status is refused.
    help: [
      "Only a node whose status is failed can be retried, and not in a cancelled graph; a node that is",
      "cancelled, skipped or in any other state is refused (exit code 5). The node starts over with a fresh",
      "retry budget, and so does what its failure took down: the nodes cancelled when the graph failed and",
      "the nodes skipped because it failed, unless another failed node still holds them back (retry that",
      "one too). A graph that had ended runs again, and counts against the tenant's active-graph cap.",
    ],
    options: { json: JSON_OPTION },
  },
  {
    name: "assign",
    args: ["ID", "NODE", "WORKER"],
    group: "graphs",
    summary: 'pin a node that has not started to a worker (its id or DAGO_WORKER_NAME; "-" unpins it)',
    help: [
      "Only a pending or ready node can be assigned; one that started or ended is refused (exit code 5).",
      "A ready node moves at once: the worker named takes it, no other does.",
    ],
    options: { json: JSON_OPTION },
  },
  {
    name: "patch",
    args: ["ID", "FILE"],
    group: "graphs",
    summary: 'edit a graph that has not ended with a patch (JSON, or YAML if .yaml/.yml; "-" is stdin)',
    help: [
      'FILE holds {"addNodes": [...], "addDependencies": [{"node", "dependsOn"}], "removeNodes": [...]}:',
      "new nodes, written like a spec's; more dependencies for nodes still pending; nodes that never ran and",
      "that no remaining node needs. Prints the graph's new version and node count. Every problem with the",
      "patch is reported at once (exit code 3); a graph that ended is refused (exit code 5).",
    ],
    options: {
      "if-version": {
        type: "string",
        value: "N",
        description: "apply only while the graph is at version N (else exit code 5, naming the current one)",
      },
      json: { type: "boolean", description: "print the patched graph as JSON" },
    },
  },
  {
    name: "approve",
    args: ["ID", "NODE"],
    group: "graphs",
    summary: "approve a node that waits for a decision (an approval node)",
    help: [
      "The data must match the node's schema when it has one (else exit code 3, each problem with its path).",
      "A node already decided or not waiting is refused (exit code 5), as is an idempotency key used for",
      "another decision; a repeat with the same key prints the first decision.",
    ],
    options: {
      data: { type: "string", value: "JSON", description: "what to send with the approval, as JSON" },
      comment: { type: "string", value: "TEXT", description: "a comment recorded with the decision" },
      "idempotency-key": DECISION_KEY_OPTION,
      json: { type: "boolean", description: "print the decision as JSON" },
    },
  },
  {
    name: "reject",
    args: ["ID", "NODE"],
    group: "graphs",
    summary: "reject a node that waits for a decision (the node's onReject says what follows)",
    options: {
      comment: { type: "string", value: "TEXT", description: "a comment recorded with the decision" },
      "idempotency-key": DECISION_KEY_OPTION,
      json: { type: "boolean", description: "print the decision as JSON" },
    },
  },
  {
    name: "approvals",
    args: [],
    group: "graphs",
    summary: "list the nodes that wait for a decision, oldest first",
    options: {
      limit: { type: "string", value: "N", description: "at most N approvals" },
      cursor: {
        type: "string",
        value: "C",
        description: "the page after cursor C (printed after a full page)",
      },
      json: JSON_OPTION,
    },
  },
  {
    name: "workers",
    args: [],
    group: "other",
    summary: "list the live workers",
    options: { json: JSON_OPTION },
  },
  {
    name: "check",
    args: [],
    group: "server",
    summary: "check the graphs in Redis (REDIS_URL, DAGO_KEY_PREFIX) against the engine's invariants",
    options: {
      graph: { type: "string", value: "ID", description: "only graph ID" },
      terminal: { type: "boolean", description: "also report every graph that has not ended" },
      json: { type: "boolean", description: "print the report as JSON" },
    },
  },
  {
    name: "help",
    args: ["[COMMAND]"],
    group: "other",
    summary: "show help for every or one command",
    options: {},
  },
];

export interface GlobalFlags {
  url?: string;
  tenant?: string;
}

/** A command's parsed flags, read by name. */
export class Flags {
  readonly #values: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>) {
    this.#values = values;
  }

  bool(name: string): boolean {
    return this.#values[name] === true;
  }

  string(name: string): string | undefined {
    const value = this.#values[name];
    return typeof value === "string" ? value : undefined;
  }
}

export type ParsedArgs =
  | { kind: "help"; command?: CommandSpec }
  | { kind: "version" }
  | { kind: "command"; command: CommandSpec; args: string[]; flags: Flags; global: GlobalFlags };

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

export function parseArgv(argv: readonly string[]): ParsedArgs {
  const index = commandIndex(argv);
  if (index === undefined) {
    const { values } = parse(argv, GLOBAL_OPTIONS);
    if (values.version === true) return { kind: "version" };
    if (values.help === true) return { kind: "help" };
    throw new UsageError("missing command");
  }
  const name = argv[index] as string;
  const command = findCommand(name);
  if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`);

  const rest = argv.filter((_, i) => i !== index);
  const { values, positionals } = parse(rest, { ...GLOBAL_OPTIONS, ...command.options });
  if (values.help === true) return { kind: "help", command };
  if (values.version === true) return { kind: "version" };
  if (command.name === "help") return helpFor(positionals);

  const required = command.args.filter((arg) => !arg.startsWith("["));
  if (positionals.length < required.length) {
    throw new UsageError(`${command.name}: missing ${required.slice(positionals.length).join(" and ")}`);
  }
  if (positionals.length > command.args.length) {
    const extra = positionals.slice(command.args.length);
    throw new UsageError(`${command.name}: unexpected argument ${JSON.stringify(extra[0])}`);
  }
  for (const [i, value] of positionals.entries()) {
    if (value === "") throw new UsageError(`${command.name}: ${command.args[i]} must not be empty`);
  }
  const global: GlobalFlags = {};
  if (typeof values.url === "string") global.url = values.url;
  if (typeof values.tenant === "string") global.tenant = values.tenant;
  return { kind: "command", command, args: positionals, flags: new Flags(values), global };
}

function helpFor(positionals: string[]): ParsedArgs {
  const [name, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`help: unexpected argument ${JSON.stringify(extra)}`);
  if (name === undefined) return { kind: "help" };
  const command = findCommand(name);
  if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  return { kind: "help", command };
}

/**
 * The position of the first word that is neither a flag nor the value of a global string flag. Only global flags
 * can stand before the command, so their values are the only ones to skip.
 */
function commandIndex(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return undefined;
    if (arg.startsWith("-") && arg !== "-") {
      const name = arg.replace(/^--?/, "");
      if (GLOBAL_OPTIONS[name]?.type === "string") i++;
      continue;
    }
    return i;
  }
  return undefined;
}

function parse(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
): { values: Record<string, unknown>; positionals: string[] } {
  const config: Record<string, { type: "boolean" | "string"; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  try {
    return parseArgs({ args: [...args], options: config, strict: true, allowPositionals: true });
  } catch (err) {
    // node:util's messages name the flag and say what is wrong; its advice about "--" is noise here.
    const message = err instanceof Error ? (err.message.split(/\.\s/)[0] ?? err.message) : String(err);
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, ""));
  }
}
