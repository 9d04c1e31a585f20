// `dago approvals`: the nodes that wait for a decision, oldest first, one page at a time.
import { type CommandContext, clientOf } from "../context.js";
import { formatApprovals } from "../format.js";
import { limitFlag, printPage } from "./paged-output.js";

export async function approvalsCommand(ctx: CommandContext): Promise<number> {
  const limit = limitFlag(ctx.flags.string("limit"));
  const cursor = ctx.flags.string("cursor");
  const page = await clientOf(ctx).approvals({
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return printPage(ctx, page, formatApprovals(page), { command: "approvals", flags: ["limit"] });
}
