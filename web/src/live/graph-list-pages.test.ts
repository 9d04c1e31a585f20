import { describe, expect, it } from "vitest";
import { appendPage, indexKey, reachedBoundary, withinBoundary } from "./graph-list-pages.js";

const g = (createdAt: number, id: string) => ({ id, createdAt });

describe("graph list paging", () => {
  it("keys a graph as the index does, so its key is the cursor of the graphs older than it", () => {
    expect(indexKey(g(1_700_000_000_000, "01jd-3"))).toBe("1700000000000|01jd-3");
    expect(indexKey(g(5, "x"))).toBe("0000000000005|x");
  });

  it("reads only the first page until older ones were loaded, then down to the oldest loaded", () => {
    expect(reachedBoundary("1700000000050|b", undefined)).toBe(true);
    expect(reachedBoundary("1700000000050|b", "1700000000010|a")).toBe(false);
    expect(reachedBoundary("1700000000010|a", "1700000000010|a")).toBe(true);
    expect(reachedBoundary(undefined, "1700000000010|a")).toBe(true);
  });

  it("keeps the rows down to the boundary and says whether older ones remain", () => {
    const rows = [g(30, "c"), g(20, "b"), g(10, "a")];
    expect(withinBoundary(rows, indexKey(g(20, "b")), undefined)).toEqual({
      graphs: rows.slice(0, 2),
      more: true,
    });
    expect(withinBoundary(rows, indexKey(g(10, "a")), undefined)).toEqual({ graphs: rows, more: false });
    expect(withinBoundary(rows, undefined, "x")).toEqual({ graphs: rows, more: true });
    expect(withinBoundary(rows, undefined, undefined).more).toBe(false);
  });

  it("appends an older page without showing a graph twice", () => {
    expect(appendPage([g(30, "c"), g(20, "b")], [g(20, "b"), g(10, "a")]).map((r) => r.id)).toEqual([
      "c",
      "b",
      "a",
    ]);
  });
});
