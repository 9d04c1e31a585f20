// `dago assign ID NODE WORKER`: pin a node that has not started to a worker ("-" unpins it).
import { type CommandContext, clientOf, printJson } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";

export async function assignCommand(ctx: CommandContext): Promise<number> {
  const [id, nodeId, worker] = ctx.args as [string, string, string];
  const graph = await clientOf(ctx).assignNode(id, nodeId, worker === "-" ? null : worker);
  if (ctx.flags.bool("json")) {
    printJson(ctx, graph);
  } else {
    const node = graph.nodes[nodeId];
    println(
      ctx.io.stdout,
      `${graph.id}: ${nodeId} ${node?.status ?? "unknown"} on ${node?.assignedWorker ?? "any worker"}`,
    );
  }
  return EXIT_CODES.ok;
}
