import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { HISTORY_MAX_PAGES, HISTORY_PAGE, loadHistory } from "./load-history.js";
import { event } from "./test-events.js";

/** An events API over a fixed history, paged like the real one. */
function pagedReader(all: GraphEvent[]) {
  const calls: Array<{ after?: string; limit: number }> = [];
  const read = async (_id: string, options: { after?: string; limit: number }) => {
    calls.push(options);
    const start = options.after === undefined ? 0 : all.findIndex((e) => e.id === options.after) + 1;
    const events = all.slice(start, start + options.limit);
    const last = events.at(-1);
    return events.length === options.limit && last ? { events, nextAfter: last.id } : { events };
  };
  return { read, calls };
}

const history = (n: number) => Array.from({ length: n }, (_, i) => event(`1-${i}`, "NodeResultRefused"));

describe("loadHistory", () => {
  it("reads from the start up to the given event, not beyond", async () => {
    const all = history(10);
    const { read } = pagedReader(all);
    const result = await loadHistory(read, "g", undefined, "1-6");
    expect(result.complete).toBe(true);
    expect(result.events.map((e) => e.id)).toEqual(all.slice(0, 7).map((e) => e.id));
    expect(result.first?.id).toBe("1-0");
  });

  it("reads only what came after the given event", async () => {
    const { read, calls } = pagedReader(history(10));
    const result = await loadHistory(read, "g", "1-4", "1-9");
    expect(result.events.map((e) => e.id)).toEqual(["1-5", "1-6", "1-7", "1-8", "1-9"]);
    expect(calls[0]?.after).toBe("1-4");
    expect(result.first).toBeUndefined();
  });

  it("makes no request when already there", async () => {
    const { read, calls } = pagedReader(history(3));
    expect(await loadHistory(read, "g", "1-2", "1-2")).toEqual({ events: [], complete: true });
    expect(calls).toHaveLength(0);
  });

  it("gives up after a few pages and says so", async () => {
    const all = history(HISTORY_PAGE * HISTORY_MAX_PAGES + 5);
    const { read, calls } = pagedReader(all);
    const result = await loadHistory(read, "g", undefined, all.at(-1)?.id as string);
    expect(result).toMatchObject({ events: [], complete: false });
    expect(result.first?.id).toBe("1-0");
    expect(calls).toHaveLength(HISTORY_MAX_PAGES);
  });
});
