// `dago events ID`: a graph's history, one event per line; with --follow, live until the graph ends.
import type { EventType, GraphEvent } from "../../../internal/domain/index.js";
import type { DagoClient } from "../../../pkg/client/http-client.js";
import { type CommandContext, clientOf } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatEvent } from "../format.js";
import { println } from "../io.js";

export async function eventsCommand(ctx: CommandContext): Promise<number> {
  const [id] = ctx.args as [string];
  const client = clientOf(ctx);
  const after = ctx.flags.string("after");
  // Checked by the server, which names the known types when one is not.
  const types = ctx.flags.string("types")?.split(",") as EventType[] | undefined;
  const query = { after, ...(types === undefined ? {} : { types }) };
  const json = ctx.flags.bool("json");
  const events = ctx.flags.bool("follow") ? client.followEvents(id, query) : history(client, id, query);
  for await (const event of events) {
    // NDJSON: one compact object per line, so the output can be piped into line-oriented tools.
    println(ctx.io.stdout, json ? JSON.stringify(event) : formatEvent(event));
  }
  return EXIT_CODES.ok;
}

/** Every event recorded so far, page by page. */
async function* history(
  client: DagoClient,
  id: string,
  query: { after: string | undefined; types?: EventType[] },
): AsyncGenerator<GraphEvent> {
  let cursor = query.after;
  for (;;) {
    const page = await client.events(id, { after: cursor, ...(query.types ? { types: query.types } : {}) });
    yield* page.events;
    if (page.nextAfter === undefined) return;
    cursor = page.nextAfter;
  }
}
