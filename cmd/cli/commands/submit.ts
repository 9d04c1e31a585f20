// `dago submit FILE`: send a spec to the server; with --wait, follow it to its end and exit by its outcome.
import type { GraphSpec } from "../../../internal/domain/index.js";
import { hasEnded } from "../../../pkg/client/http-client.js";
import { type CommandContext, clientOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatGraph, formatWarning } from "../format.js";
import { println } from "../io.js";
import { readSpec } from "../read-spec.js";

export async function submitCommand(ctx: CommandContext): Promise<number> {
  const [file] = ctx.args as [string];
  const spec = await readSpec(file, ctx.io);
  const client = clientOf(ctx);
  const idempotencyKey = ctx.flags.string("idempotency-key");
  const json = ctx.flags.bool("json");
  // The server is the judge of validity (its limits may differ from the defaults), so the spec goes as parsed.
  const submitted = await client.submit(
    spec as GraphSpec,
    idempotencyKey === undefined ? {} : { idempotencyKey },
  );
  if (!submitted.created)
    println(ctx.io.stderr, `dago: graph ${submitted.id} was already submitted with this key`);
  // Advice, not failure: the graph is accepted and the exit code stays that of the submission.
  for (const warning of submitted.warnings) println(ctx.io.stderr, formatWarning(warning));

  if (!ctx.flags.bool("wait")) {
    if (json) printJson(ctx, submitted.graph);
    else println(ctx.io.stdout, submitted.id);
    return EXIT_CODES.ok;
  }
  if (!json) println(ctx.io.stdout, submitted.id);
  const graph = hasEnded(submitted.status) ? submitted.graph : await client.waitForEnd(submitted.id);
  if (json) printJson(ctx, graph);
  else printLines(ctx, formatGraph(graph));
  return graph.status === "succeeded" ? EXIT_CODES.ok : EXIT_CODES.graphFailed;
}
