import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatOutput, span } from "./format.js";
import { detectSpecFormat } from "./submit/spec-format.js";

describe("formatting", () => {
  it("writes durations at a useful precision", () => {
    expect(formatDuration(undefined)).toBe("–");
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
    expect(formatDuration(65_000)).toBe("1 min 5 s");
    expect(formatDuration(3_726_000)).toBe("1 h 2 min");
    expect(span(10, undefined)).toBeUndefined();
    expect(span(10, 25)).toBe(15);
  });

  it("writes costs without trailing zeros, small ones to the micro-dollar", () => {
    expect(formatCost(undefined)).toBe("–");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.000123)).toBe("$0.000123");
    expect(formatCost(1.5)).toBe("$1.50");
    expect(formatCost(0.0421)).toBe("$0.0421");
  });

  it("shows text outputs as they are and other JSON indented", () => {
    expect(formatOutput("hi")).toBe("hi");
    expect(formatOutput({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it("tells JSON from YAML", () => {
    expect(detectSpecFormat('  {"name": "x"}')).toBe("json");
    expect(detectSpecFormat("name: x")).toBe("yaml");
  });
});
