import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScriptCode } from "./script-codes.js";
import { loadScripts } from "./script-loader.js";

const SCRIPT_DIR = fileURLToPath(new URL("./scripts/", import.meta.url));

/** The `name = value` entries of the `local CODE = { ... }` block in includes/codes.lua. */
function luaCodes(): Record<string, number> {
  const source = readFileSync(`${SCRIPT_DIR}includes/codes.lua`, "utf8");
  const block = /^local CODE = \{\n([\s\S]*?)^\}/m.exec(source);
  if (!block?.[1]) throw new Error("includes/codes.lua has no `local CODE = { ... }` block");
  const codes: Record<string, number> = {};
  for (const line of block[1].split("\n")) {
    if (line.trim() === "") continue;
    const entry = /^\s+(\w+) = (-?\d+),$/.exec(line);
    if (!entry?.[1] || entry[2] === undefined) throw new Error(`includes/codes.lua: cannot read "${line}"`);
    codes[entry[1]] = Number(entry[2]);
  }
  return codes;
}

/** A script's code with its comments removed, so that only what it runs is checked. */
function withoutComments(lua: string): string {
  return lua.replace(/--\[\[[\s\S]*?\]\]/g, "").replace(/--.*$/gm, "");
}

describe("script codes", () => {
  it("names the same codes with the same values in Lua and in TypeScript", () => {
    expect(luaCodes()).toEqual({ ...ScriptCode });
  });

  it("leaves no bare integer status in a script's replies", () => {
    const files = readdirSync(`${SCRIPT_DIR}graph`)
      .filter((file) => file.endsWith(".lua"))
      .map((file) => `graph/${file}`)
      .concat(readdirSync(`${SCRIPT_DIR}includes`).map((file) => `includes/${file}`));
    const bare = files.filter((file) => {
      const code = withoutComments(readFileSync(`${SCRIPT_DIR}${file}`, "utf8"));
      return file !== "includes/codes.lua" && /\{\s*-?\d+\s*[,}]/.test(code);
    });
    expect(bare).toEqual([]);
  });

  it("puts the code table into every loaded graph script exactly once", () => {
    for (const script of loadScripts().filter((s) => s.folder === "graph")) {
      expect(script.lua.match(/^local CODE = \{/gm), script.name).toHaveLength(1);
      expect(script.lua, script.name).not.toMatch(/^--@include/m);
    }
  });
});
