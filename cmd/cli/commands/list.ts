// `dago list`: the newest graphs, one page at a time.
import { GRAPH_STATUSES, type GraphStatus } from "../../../internal/domain/index.js";
import { UsageError } from "../cli-error.js";
import { type CommandContext, clientOf } from "../context.js";
import { formatGraphList } from "../format.js";
import { limitFlag, printPage } from "./paged-output.js";

export async function listCommand(ctx: CommandContext): Promise<number> {
  const status = statusFlag(ctx.flags.string("status"));
  const limit = limitFlag(ctx.flags.string("limit"));
  const cursor = ctx.flags.string("cursor");
  const page = await clientOf(ctx).list({ status, limit, cursor });
  return printPage(ctx, page, formatGraphList(page), { command: "list", flags: ["status", "limit"] });
}

function statusFlag(value: string | undefined): GraphStatus | undefined {
  if (value === undefined) return undefined;
  const status = GRAPH_STATUSES.find((s) => s === value);
  if (status === undefined) {
    throw new UsageError(
      `--status must be one of ${GRAPH_STATUSES.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return status;
}
