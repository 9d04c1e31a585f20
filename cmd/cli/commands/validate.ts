// `dago validate FILE`: check a spec with the same validator the server runs, without a server.
import { validateGraph } from "../../../internal/domain/index.js";
import { type CommandContext, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatIssue, formatLevels } from "../format.js";
import { readSpec } from "../read-spec.js";

export async function validateCommand(ctx: CommandContext): Promise<number> {
  const [file] = ctx.args as [string];
  const spec = await readSpec(file, ctx.io);
  const { valid, errors, levels } = validateGraph(spec);
  const code = valid ? EXIT_CODES.ok : EXIT_CODES.invalidGraph;
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
