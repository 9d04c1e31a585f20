// `dago status ID`: one look at a graph; for its ready nodes, what they wait for.
import type { WorkerInfo } from "../../../internal/contract/server-info.js";
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatGraph } from "../format.js";

export async function statusCommand(ctx: CommandContext): Promise<number> {
  const [id] = ctx.args as [string];
  const client = clientOf(ctx);
  const graph = await client.get(id);
  if (ctx.flags.bool("json")) {
    printJson(ctx, graph);
    return EXIT_CODES.ok;
  }
  let workers: WorkerInfo[] | undefined;
  if (Object.values(graph.nodes).some((node) => node.status === "ready")) {
    // Only a hint for the ready nodes' lines: a server that does not answer it still gets its graph shown.
    workers = await client.workers().catch(() => undefined);
  }
  printLines(ctx, formatGraph(graph, Date.now(), workers));
  return EXIT_CODES.ok;
}
