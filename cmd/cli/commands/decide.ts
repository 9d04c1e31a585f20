// `dago approve ID NODE` and `dago reject ID NODE`: decide on a node that waits for a person.
import type { NodeDecisionView } from "../../../internal/contract/decisions.js";
import { UsageError } from "../cli-error.js";
import { type CommandContext, clientOf, printJson } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";

export async function approveCommand(ctx: CommandContext): Promise<number> {
  const [id, nodeId] = ctx.args as [string, string];
  const data = dataFlag(ctx.flags.string("data"));
  const decision = await clientOf(ctx).approve(id, nodeId, {
    ...(data === undefined ? {} : { data: data.value }),
    ...decisionOptions(ctx),
  });
  return printDecision(ctx, decision);
}

export async function rejectCommand(ctx: CommandContext): Promise<number> {
  const [id, nodeId] = ctx.args as [string, string];
  return printDecision(ctx, await clientOf(ctx).reject(id, nodeId, decisionOptions(ctx)));
}

function decisionOptions(ctx: CommandContext): { comment?: string; idempotencyKey?: string } {
  const comment = ctx.flags.string("comment");
  const idempotencyKey = ctx.flags.string("idempotency-key");
  return {
    ...(comment === undefined ? {} : { comment }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  };
}

/** Boxed, so `--data null` (send JSON null) differs from no --data at all. */
function dataFlag(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    throw new UsageError(`--data must be JSON: ${(err as Error).message}`);
  }
}

function printDecision(ctx: CommandContext, decision: NodeDecisionView): number {
  if (ctx.flags.bool("json")) printJson(ctx, decision);
  else {
    const verb = decision.approved ? "approved" : "rejected";
    println(ctx.io.stdout, `${decision.graphId}: ${decision.nodeId} ${verb} by ${decision.by}`);
  }
  return EXIT_CODES.ok;
}
