// `dago patch ID FILE`: edit a graph that has not ended with the patch in FILE, and print its new version.
import type { GraphView } from "../../../internal/contract/graph-views.js";
import type { GraphPatchSpec } from "../../../internal/domain/graph-patch.js";
import { DagoApiError } from "../../../pkg/client/errors.js";
import { CliError, UsageError } from "../cli-error.js";
import { type CommandContext, clientOf, printJson } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { println } from "../io.js";
import { readSpec } from "../read-spec.js";

export async function patchCommand(ctx: CommandContext): Promise<number> {
  const [id, file] = ctx.args as [string, string];
  const ifVersion = versionFlag(ctx.flags.string("if-version"));
  const patch = await readSpec(file, ctx.io);
  // The server is the judge of the patch, as of a spec: it checks it against the graph as it stands.
  let graph: GraphView;
  try {
    graph = await clientOf(ctx).patchGraph(
      id,
      patch as GraphPatchSpec,
      ifVersion === undefined ? {} : { ifVersion },
    );
  } catch (err) {
    throw versionConflict(err, id) ?? err;
  }
  if (ctx.flags.bool("json")) printJson(ctx, graph);
  else {
    const nodes = Object.keys(graph.nodes).length;
    println(ctx.io.stdout, `${graph.id}: version ${graph.version}, ${nodes} node${nodes === 1 ? "" : "s"}`);
  }
  return EXIT_CODES.ok;
}

function versionFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,14})$/.test(value)) {
    throw new UsageError(
      `--if-version must be a graph version (a non-negative integer), got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

/** A stale --if-version says what to do next: the graph moved on, so look at it again before patching. */
function versionConflict(err: unknown, id: string): CliError | undefined {
  if (!(err instanceof DagoApiError) || err.code !== "version_conflict") return undefined;
  const current = err.currentVersion;
  const next =
    current === undefined
      ? "send the patch again"
      : `it is at version ${current} now: look at it again (dago status ${id}) and patch with --if-version ${current}`;
  return new CliError(EXIT_CODES.conflict, err.message, [
    `the graph changed since the version given; ${next}`,
  ]);
}
