// `dago retry ID NODE`: run a node again.
import { type CommandContext, clientOf, printJson } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";

export async function retryCommand(ctx: CommandContext): Promise<number> {
  const [id, nodeId] = ctx.args as [string, string];
  const graph = await clientOf(ctx).retryNode(id, nodeId);
  if (ctx.flags.bool("json")) {
    printJson(ctx, graph);
  } else {
    const node = graph.nodes[nodeId];
    println(ctx.io.stdout, `${graph.id}: ${graph.status}; ${nodeId}: ${node?.status ?? "unknown"}`);
  }
  return EXIT_CODES.ok;
}
