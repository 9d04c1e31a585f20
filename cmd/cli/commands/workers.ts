// `dago workers`: who is connected and how busy they are.
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatWorkers } from "../format.js";

export async function workersCommand(ctx: CommandContext): Promise<number> {
  const workers = await clientOf(ctx).workers();
  if (ctx.flags.bool("json")) printJson(ctx, { workers });
  else printLines(ctx, formatWorkers(workers));
  return EXIT_CODES.ok;
}
