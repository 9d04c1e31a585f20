import { describe, expect, it } from "vitest";
import { compareEventIds } from "./event-order.js";

describe("compareEventIds", () => {
  it("orders by time, then by sequence, numerically", () => {
    expect(compareEventIds("9-0", "10-0")).toBeLessThan(0);
    expect(compareEventIds("10-2", "10-10")).toBeLessThan(0);
    expect(compareEventIds("1732200000001-0", "1732200000000-5")).toBeGreaterThan(0);
    expect(compareEventIds("5-5", "5-5")).toBe(0);
  });

  it("puts a missing id before every id", () => {
    expect(compareEventIds(undefined, "0-0")).toBeLessThan(0);
    expect(compareEventIds("0-0", undefined)).toBeGreaterThan(0);
    expect(compareEventIds(undefined, undefined)).toBe(0);
  });

  it("compares sequence parts beyond 2^53 exactly", () => {
    expect(compareEventIds("1-9007199254740993", "1-9007199254740992")).toBeGreaterThan(0);
  });
});
