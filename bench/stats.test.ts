import { describe, expect, it } from "vitest";
import { formatSpread, percentile, sortNumbers, spread } from "./stats.js";

describe("benchmark statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = sortNumbers([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises runs as median with min..max, ignoring failed runs", () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spread([2, Number.NaN])).toEqual({ median: 2, min: 2, max: 2 });
    expect(formatSpread(spread([1200, 1000, 1500]))).toBe("1,200 (1,000..1,500)");
    expect(formatSpread(spread([0.5]))).toBe("0.500");
  });
});
