// `dago cancel|pause|resume ID`: change a graph's course and print where it stands now.
import type { GraphView } from "../../../internal/contract/graph-views.js";
import type { DagoClient } from "../../../pkg/client/http-client.js";
import { type CommandContext, clientOf, printJson } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";

type Operation = (client: DagoClient, id: string) => Promise<GraphView>;

function controlCommand(operation: Operation): (ctx: CommandContext) => Promise<number> {
  return async (ctx) => {
    const [id] = ctx.args as [string];
    const graph = await operation(clientOf(ctx), id);
    if (ctx.flags.bool("json")) printJson(ctx, graph);
    else println(ctx.io.stdout, `${graph.id}: ${graph.status}`);
    return EXIT_CODES.ok;
  };
}

export const cancelCommand = controlCommand((client, id) => client.cancel(id));
export const pauseCommand = controlCommand((client, id) => client.pause(id));
export const resumeCommand = controlCommand((client, id) => client.resume(id));
