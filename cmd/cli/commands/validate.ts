// `dago validate FILE`: check a spec with the same validator the server runs, without a server.
import { suggestBuiltinType, validateGraph } from "../../../internal/domain/index.js";
import { type CommandContext, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatIssue, formatLevels } from "../format.js";
import { println } from "../io.js";
import { readSpec } from "../read-spec.js";

export async function validateCommand(ctx: CommandContext): Promise<number> {
  const [file] = ctx.args as [string];
  const spec = await readSpec(file, ctx.io);
  const { valid, errors, levels } = validateGraph(spec);
  const code = valid ? EXIT_CODES.ok : EXIT_CODES.invalidGraph;
  for (const line of typeSlipWarnings(spec)) println(ctx.io.stderr, line);
  if (ctx.flags.bool("json")) {
    printJson(ctx, { valid, errors, levels });
    return code;
  }
  const lines: string[] = [];
  if (valid) {
    const nodes = levels.reduce((sum, level) => sum + level.length, 0);
    lines.push(`valid: ${plural(nodes, "node")} in ${plural(levels.length, "level")}`);
  } else {
    lines.push(
      `invalid: ${plural(errors.length, "problem")}`,
      ...errors.map((issue) => `  ${formatIssue(issue)}`),
    );
  }
  // Even an invalid graph has levels for the nodes it could place; they help locate the problem.
  if (levels.length > 0) lines.push("levels:", ...formatLevels(levels));
  printLines(ctx, lines);
  return code;
}

/**
 * The server refuses a type one slip away from a built-in one (`unknown_type`) unless a live worker serves it.
 * Without a server there is no worker registry to ask, so the slip is a warning here, not an error: otherwise
 * `validate` would call "valid" what `submit` then refuses.
 */
function typeSlipWarnings(spec: unknown): string[] {
  const nodes = isRecord(spec) && Array.isArray(spec.nodes) ? spec.nodes : [];
  const lines: string[] = [];
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.type !== "string") continue;
    const suggestion = suggestBuiltinType(node.type);
    if (suggestion === undefined) continue;
    const type = JSON.stringify(node.type);
    const where = typeof node.id === "string" ? `node ${node.id}: ` : "";
    lines.push(
      `dago: warning: unknown_type: ${where}node type ${type} is not built in: did you mean ${JSON.stringify(suggestion)}? ` +
        `The server refuses it unless a live worker serves ${type}`,
    );
  }
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
