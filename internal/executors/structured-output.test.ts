import { describe, expect, it } from "vitest";
import { compileOutputSchema } from "../domain/output-schema.js";
import { parseStructuredOutput, sampleFromSchema } from "./structured-output.js";

const schema = {
  type: "object",
  required: ["steps"],
  properties: { steps: { type: "array", items: { type: "string" } } },
};

describe("parseStructuredOutput", () => {
  it("parses JSON, with or without a code fence", () => {
    expect(parseStructuredOutput('{"steps":["a"]}', schema, "end_turn")).toEqual({ steps: ["a"] });
    expect(parseStructuredOutput('```json\n{"steps":[]}\n```', schema, "stop")).toEqual({ steps: [] });
  });

  it("says what is wrong with an answer, and when it was cut off", () => {
    expect(() => parseStructuredOutput('{"steps":[1]}', schema, "end_turn")).toThrow(
      /does not match outputSchema: output\/steps\/0 must be string/,
    );
    expect(() => parseStructuredOutput('{"steps":["a", "b', schema, "max_tokens")).toThrow(
      /not JSON.*cut off at maxTokens/,
    );
    try {
      parseStructuredOutput("nope", schema, undefined);
    } catch (err) {
      expect(err).toMatchObject({ code: "llm_invalid_output", retryable: true });
    }
  });
});

describe("sampleFromSchema", () => {
  it("builds a value that matches common schemas", () => {
    const rich = {
      type: "object",
      properties: {
        title: { type: "string", minLength: 8 },
        tags: { type: "array", items: { enum: ["x", "y"] }, minItems: 3 },
        score: { type: "integer", minimum: 5 },
        kind: { const: "report" },
        ok: { type: "boolean" },
        nested: { type: "object", properties: { n: { type: ["number", "null"] } } },
      },
    };
    const value = sampleFromSchema(rich);
    const compiled = compileOutputSchema(rich);
    if (!compiled.ok) throw new Error(compiled.message);
    expect(compiled.validate(value)).toBe(true);
  });
});
