import { describe, expect, it } from "vitest";
import { suggestBuiltinType } from "./type-suggestion.js";
import { validateGraph } from "./validate.js";

const graphOf = (type: string) => ({ name: "g", nodes: [{ id: "a", type, prompt: "hi" }] });
const BUILTINS_ONLY = new Set(["llm", "noop"]);

describe("suggestBuiltinType", () => {
  it.each([
    ["lm", "llm"],
    ["llmm", "llm"],
    ["lml", "llm"],
    ["LLM", "llm"],
    ["nop", "noop"],
    ["Noop", "noop"],
    ["nopo", "noop"],
  ])("takes %s for a slip of %s", (type, builtin) => {
    expect(suggestBuiltinType(type)).toBe(builtin);
  });

  it.each(["llm", "noop", "fetch-page", "summarize", "lmao", "map"])("leaves %s alone", (type) => {
    expect(suggestBuiltinType(type)).toBeUndefined();
  });
});

describe("a type one slip from a built-in one", () => {
  it("is refused with a suggestion when no worker serves it", () => {
    const result = validateGraph(graphOf("lm"), undefined, { servedTypes: BUILTINS_ONLY });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      {
        code: "unknown_type",
        message: 'unknown node type "lm": did you mean "llm"? (no worker serves "lm")',
        nodeId: "a",
        path: "/nodes/0/type",
        suggestion: "llm",
      },
    ]);
  });

  it("is accepted when a worker serves that exact type", () => {
    const served = new Set([...BUILTINS_ONLY, "llm2"]);
    const result = validateGraph(graphOf("llm2"), undefined, { servedTypes: served });
    expect(result.valid).toBe(true);
  });

  it("is left to the server when nothing is known of the workers (offline validation)", () => {
    expect(validateGraph(graphOf("lm")).valid).toBe(true);
  });

  it("does not touch a custom type far from every built-in one", () => {
    const result = validateGraph(graphOf("fetch-page"), undefined, { servedTypes: BUILTINS_ONLY });
    expect(result.valid).toBe(true);
  });
});
