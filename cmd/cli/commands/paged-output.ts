// What the paged list commands (`dago list`, `dago approvals`) share: `--limit`, and printing one page with the
// command that lists the next one.
import { UsageError } from "../cli-error.js";
import { type CommandContext, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";
import { shellCommand } from "../shell-quote.js";

export function limitFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new UsageError(`--limit must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/**
 * Prints a page as JSON (`--json`) or as the table `lines`; with more to come, the command for the next page
 * goes to stderr, so a script reading the table from stdout is not disturbed.
 */
export function printPage(
  ctx: CommandContext,
  page: { nextCursor?: string },
  lines: string[],
  next: { command: string; flags: readonly string[] },
): number {
  if (ctx.flags.bool("json")) {
    printJson(ctx, page);
    return EXIT_CODES.ok;
  }
  printLines(ctx, lines);
  if (page.nextCursor !== undefined) {
    println(ctx.io.stderr, `more: ${nextPageCommand(ctx, page.nextCursor, next)}`);
  }
  return EXIT_CODES.ok;
}

/** The command that lists the next page: the same server, tenant and filters, quoted for a shell. */
function nextPageCommand(
  ctx: CommandContext,
  cursor: string,
  next: { command: string; flags: readonly string[] },
): string {
  const args = ["dago"];
  if (ctx.global.url !== undefined) args.push("--url", ctx.global.url);
  if (ctx.global.tenant !== undefined) args.push("--tenant", ctx.global.tenant);
  args.push(next.command);
  for (const name of next.flags) {
    const value = ctx.flags.string(name);
    if (value !== undefined) args.push(`--${name}`, value);
  }
  args.push("--cursor", cursor);
  return shellCommand(args);
}
