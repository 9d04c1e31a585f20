import { describe, expect, it } from "vitest";
import {
  evaluateCondition,
  parseCondition,
  parseSpecText,
  parseTemplate,
  renderTemplate,
  validateGraph,
} from "./index.js";

describe("domain public surface", () => {
  it("takes a YAML spec from text to a resolved graph whose templates and conditions run", () => {
    const text = [
      "name: brief",
      "input:",
      "  topic: Redis Streams",
      "nodes:",
      "  - id: research",
      "    type: llm",
      "    prompt: 'List facts about {{ input.topic }}'",
      "  - id: write",
      "    type: llm",
      "    dependsOn: [research]",
      "    when: 'len(nodes.research.output.facts) > 0'",
      "    prompt: 'Write using {{ nodes.research.output.facts }}'",
    ].join("\n");
    const parsed = parseSpecText(text, "yaml");
    if (!parsed.ok) throw new Error(parsed.message);
    const result = validateGraph(parsed.value);
    if (!result.valid) throw new Error(JSON.stringify(result.errors));
    const write = result.graph.nodes[1]!;

    const scope = {
      input: result.graph.input,
      nodes: { research: { output: { facts: ["append-only", "consumer groups"] }, status: "succeeded" } },
    };
    const condition = parseCondition(write.when!);
    const template = parseTemplate(write.prompt!);
    if (!condition.ok || !template.ok) throw new Error("stored texts must parse");
    expect(evaluateCondition(condition.condition, scope)).toBe(true);
    expect(renderTemplate(template.template, scope)).toBe('Write using ["append-only","consumer groups"]');
  });
});
