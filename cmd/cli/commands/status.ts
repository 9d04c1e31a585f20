// `dago status ID`: one look at a graph.
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatGraph } from "../format.js";

export async function statusCommand(ctx: CommandContext): Promise<number> {
  const [id] = ctx.args as [string];
  const graph = await clientOf(ctx).get(id);
  if (ctx.flags.bool("json")) printJson(ctx, graph);
  else printLines(ctx, formatGraph(graph));
  return EXIT_CODES.ok;
}
