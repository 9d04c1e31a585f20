import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConditionScope } from "./path.js";
import { parseTemplate, renderTemplate } from "./template.js";

const scope: ConditionScope = {
  input: { topic: "queues", count: 3, ratio: 0.5, on: false, none: null, tags: ["a", "b"], meta: { k: "v" } },
  nodes: {
    research: { output: { summary: "Streams are logs.", facts: [{ n: 1 }] }, status: "succeeded" },
    "step-2": { output: "plain text", status: "running" },
  },
};

function render(source: string, data: ConditionScope = scope): string {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.message} at ${parsed.position}`);
  return renderTemplate(parsed.template, data);
}

describe("renderTemplate", () => {
  it.each([
    ["Write about {{input.topic}}.", "Write about queues."],
    ["Write about {{ input.topic }}.", "Write about queues."],
    ["{{\n  input.topic\t}}", "queues"],
    ["{{ input.count }} items at {{ input.ratio }}", "3 items at 0.5"],
    ["on={{ input.on }}", "on=false"],
    ["[{{ input.none }}][{{ input.missing }}][{{ input.topic.deeper }}]", "[][][]"],
    ["tags: {{ input.tags }}", 'tags: ["a","b"]'],
    ["meta: {{ input.meta }}", 'meta: {"k":"v"}'],
    ["first tag {{ input.tags[0] }}", "first tag a"],
    ["Summary: {{ nodes.research.output.summary }}", "Summary: Streams are logs."],
    ["{{ nodes.research.output.facts[0].n }}", "1"],
    ["{{ nodes.research.output }}", '{"summary":"Streams are logs.","facts":[{"n":1}]}'],
    ["{{ nodes.step-2.output }} / {{ nodes.step-2.status }}", "plain text / running"],
    ["{{ nodes.absent.output }}|{{ nodes.absent.status }}", "|"],
    ["no placeholders at all", "no placeholders at all"],
    ["", ""],
    ["{{input.topic}}{{input.count}}", "queues3"],
    ["lone }} and { braces", "lone }} and { braces"],
    ["back\\slash stays", "back\\slash stays"],
  ])("renders %j as %j", (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it("keeps text that looks like a template inside values as it is", () => {
    expect(render("{{ input.t }}", { input: { t: "{{ input.x }}" }, nodes: {} })).toBe("{{ input.x }}");
  });

  it("treats \\{{ as literal braces", () => {
    expect(render("use \\{{ input.topic }} to insert the topic: {{ input.topic }}")).toBe(
      "use {{ input.topic }} to insert the topic: queues",
    );
    expect(render("\\{{")).toBe("{{");
  });

  it("does not read inherited properties", () => {
    expect(render("[{{ input.constructor }}][{{ input.__proto__ }}][{{ input.tags.length }}]")).toBe(
      "[][][]",
    );
  });

  it("reads bracketed keys, including ones that contain braces", () => {
    expect(render('{{ input["a }} b"] }}', { input: { "a }} b": "ok" }, nodes: {} })).toBe("ok");
  });
});

describe("parseTemplate", () => {
  it("lists the input keys and nodes a template reads", () => {
    const parsed = parseTemplate(
      "{{ input.b }} {{ nodes.z.output.x }} {{ input.a.deep }} {{ nodes.a.status }} {{ input.b }}",
    );
    expect(parsed.ok && parsed.template.refs).toEqual({ inputKeys: ["a", "b"], nodes: ["a", "z"] });
  });

  it("does not count escaped placeholders as references", () => {
    const parsed = parseTemplate("\\{{ nodes.z.output }}");
    expect(parsed.ok && parsed.template.refs).toEqual({ inputKeys: [], nodes: [] });
  });

  it.each([
    ["Hello {{ input.name", "unclosed '{{'", 6],
    ["{{", "unclosed '{{'", 0],
    ["a {{ }}", "empty '{{ }}'", 2],
    ["{{}}", "empty '{{ }}'", 0],
    ["{{ topic }}", "expected a path starting with 'input.' or 'nodes.'", 3],
    ["{{ input.a + 1 }}", "expected '}}' after the path", 11],
    ["{{ input }}", "expected a key after 'input', as in input.topic", 8],
    ["{{ nodes.a.result }}", "expected 'output' or 'status' after the node id", 11],
    ["{{ len(input.a) }}", "expected a path starting with 'input.' or 'nodes.'", 3],
  ])("rejects %j: %s", (source, message, position) => {
    expect(parseTemplate(source)).toEqual({ ok: false, message, position });
  });
});

describe("template properties", () => {
  it("text without '{{' renders unchanged, and parsing never throws", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseTemplate(text);
        if (!text.includes("{{")) {
          expect(parsed.ok && renderTemplate(parsed.template, { input: {}, nodes: {} })).toBe(text);
        }
      }),
    );
  });
});
