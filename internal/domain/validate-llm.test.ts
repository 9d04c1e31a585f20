import { describe, expect, it } from "vitest";
import { validateGraph } from "./validate.js";

function issuesOf(node: Record<string, unknown>) {
  const result = validateGraph({ name: "g", nodes: [{ id: "a", type: "llm", prompt: "p", ...node }] });
  return result.valid ? [] : result.errors.map((e) => ({ code: e.code, path: e.path, message: e.message }));
}

describe("llm node fields", () => {
  it("accepts every llm field with good values and keeps them on the resolved node", () => {
    const node = {
      provider: "openai-compatible",
      model: "llama3.1:8b",
      system: "s",
      maxTokens: 100,
      temperature: 0.7,
      stopSequences: ["END", "\n\n"],
      outputSchema: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] },
      cache: 600,
    };
    const result = validateGraph({ name: "g", nodes: [{ id: "a", type: "llm", prompt: "p", ...node }] });
    if (!result.valid) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.nodes[0]).toMatchObject(node);
    expect(issuesOf({ cache: true })).toEqual([]);
    expect(issuesOf({ cache: false })).toEqual([]);
  });

  it.each([
    [{ provider: "openai" }, "/nodes/0/provider", /one of mock, anthropic, openai-compatible/],
    [{ stopSequences: "END" }, "/nodes/0/stopSequences", /array of 1 to 16/],
    [{ stopSequences: [] }, "/nodes/0/stopSequences", /array of 1 to 16/],
    [{ stopSequences: ["ok", ""] }, "/nodes/0/stopSequences/1", /non-empty/],
    [{ outputSchema: "json" }, "/nodes/0/outputSchema", /JSON Schema object/],
    [{ outputSchema: { type: "array" } }, "/nodes/0/outputSchema", /"type": "object"/],
    [
      { outputSchema: { type: "object", properties: { x: { type: "nope" } } } },
      "/nodes/0/outputSchema",
      /not a valid JSON Schema/,
    ],
    [
      { outputSchema: { type: "object", $ref: "#/$defs/missing" } },
      "/nodes/0/outputSchema",
      /cannot compile/,
    ],
    [
      { outputSchema: { type: "object", $schema: "http://json-schema.org/draft-04/schema#" } },
      "/nodes/0/outputSchema",
      /\$schema/,
    ],
    [{ cache: 0 }, "/nodes/0/cache", /TTL in seconds/],
    [{ cache: "yes" }, "/nodes/0/cache", /TTL in seconds/],
  ])("refuses %j", (node, path, message) => {
    const issues = issuesOf(node);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "bad_field", path });
    expect(issues[0]?.message).toMatch(message);
  });

  it("takes draft-07 schemas that say so", () => {
    expect(
      issuesOf({ outputSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object" } }),
    ).toEqual([]);
  });

  it("refuses the llm fields on noop nodes", () => {
    const result = validateGraph({ name: "g", nodes: [{ id: "a", type: "noop", cache: true }] });
    expect(result.valid).toBe(false);
    if (!result.valid)
      expect(result.errors[0]).toMatchObject({ code: "unknown_field", path: "/nodes/0/cache" });
  });
});
