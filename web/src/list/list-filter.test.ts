import { describe, expect, it } from "vitest";
import { listHref, parseListFilter } from "./list-filter.js";

describe("the graph list's filter in the address", () => {
  it("reads a known status and goes back to the same address", () => {
    expect(parseListFilter("?status=failed")).toEqual({ status: "failed" });
    expect(listHref("failed")).toBe("/?status=failed");
    expect(parseListFilter(new URL(listHref("paused"), "http://x").search)).toEqual({ status: "paused" });
  });

  it("shows every graph without a filter, and names a status it does not know", () => {
    expect(parseListFilter("")).toEqual({});
    expect(parseListFilter("?status=all")).toEqual({});
    expect(listHref(undefined)).toBe("/");
    expect(parseListFilter("?status=done")).toEqual({ unknown: "done" });
  });
});
