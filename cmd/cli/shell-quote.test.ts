import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellCommand, shellQuote } from "./shell-quote.js";

describe("shellQuote", () => {
  it("leaves plain words alone and quotes the rest so a shell reads them back unchanged", () => {
    expect(shellQuote("http://localhost:8080")).toBe("http://localhost:8080");
    const awkward = ["a|b", "it's", "two words", "$HOME", "", "*", "a;b"];
    const words = execFileSync("sh", ["-c", `printf '%s\\n' ${shellCommand(awkward)}`], { encoding: "utf8" });
    expect(words.split("\n").slice(0, -1)).toEqual(awkward);
  });
});
