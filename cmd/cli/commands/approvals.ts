// `dago approvals`: the nodes that wait for a decision, oldest first, one page at a time.
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatApprovals } from "../format.js";
import { println } from "../io.js";
import { shellCommand } from "../shell-quote.js";
import { limitFlag } from "./list.js";

export async function approvalsCommand(ctx: CommandContext): Promise<number> {
  const limit = limitFlag(ctx.flags.string("limit"));
  const cursor = ctx.flags.string("cursor");
  const page = await clientOf(ctx).approvals({
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  if (ctx.flags.bool("json")) {
    printJson(ctx, page);
    return EXIT_CODES.ok;
  }
  printLines(ctx, formatApprovals(page));
  // On stderr, so a script reading the table from stdout is not disturbed.
  if (page.nextCursor !== undefined) println(ctx.io.stderr, `more: ${nextPageCommand(ctx, page.nextCursor)}`);
  return EXIT_CODES.ok;
}

function nextPageCommand(ctx: CommandContext, cursor: string): string {
  const args = ["dago"];
  if (ctx.global.url !== undefined) args.push("--url", ctx.global.url);
  if (ctx.global.tenant !== undefined) args.push("--tenant", ctx.global.tenant);
  args.push("approvals");
  const limit = ctx.flags.string("limit");
  if (limit !== undefined) args.push("--limit", limit);
  args.push("--cursor", cursor);
  return shellCommand(args);
}
