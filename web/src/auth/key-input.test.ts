import { describe, expect, it } from "vitest";
import { parseKeyInput } from "./key-input.js";

describe("parseKeyInput", () => {
  it("takes a pasted key without the blanks around it", () => {
    expect(parseKeyInput("  acme-key-0123456789\n")).toEqual({ key: "acme-key-0123456789" });
    expect(parseKeyInput("k=+/~!#$%&'*")).toEqual({ key: "k=+/~!#$%&'*" });
  });

  it("refuses an empty key and one that cannot travel in a header", () => {
    expect(parseKeyInput(" \t")).toEqual({ problem: "Enter an API key." });
    for (const text of ["two words", "clé-0123456789", "tab\tinside"]) {
      expect(parseKeyInput(text), text).toEqual({
        problem: "An API key is made of printable characters, without spaces.",
      });
    }
  });
});
