// `dago list`: the newest graphs, one page at a time.
import { GRAPH_STATUSES, type GraphStatus } from "../../../internal/domain/index.js";
import { UsageError } from "../cli-error.js";
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatGraphList } from "../format.js";
import { println } from "../io.js";
import { shellCommand } from "../shell-quote.js";

export async function listCommand(ctx: CommandContext): Promise<number> {
  const status = statusFlag(ctx.flags.string("status"));
  const limit = limitFlag(ctx.flags.string("limit"));
  const cursor = ctx.flags.string("cursor");
  const page = await clientOf(ctx).list({ status, limit, cursor });
  if (ctx.flags.bool("json")) {
    printJson(ctx, page);
    return EXIT_CODES.ok;
  }
  printLines(ctx, formatGraphList(page));
  // On stderr, so a script reading the table from stdout is not disturbed.
  if (page.nextCursor !== undefined) println(ctx.io.stderr, `more: ${nextPageCommand(ctx, page.nextCursor)}`);
  return EXIT_CODES.ok;
}

/** The command that lists the next page: the same server, tenant and filters, quoted for a shell. */
function nextPageCommand(ctx: CommandContext, cursor: string): string {
  const args = ["dago"];
  if (ctx.global.url !== undefined) args.push("--url", ctx.global.url);
  if (ctx.global.tenant !== undefined) args.push("--tenant", ctx.global.tenant);
  args.push("list");
  for (const name of ["status", "limit"]) {
    const value = ctx.flags.string(name);
    if (value !== undefined) args.push(`--${name}`, value);
  }
  args.push("--cursor", cursor);
  return shellCommand(args);
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

export function limitFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new UsageError(`--limit must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}
