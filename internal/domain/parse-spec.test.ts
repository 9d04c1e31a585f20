import { describe, expect, it } from "vitest";
import { detectFormat, parseSpecText } from "./parse-spec.js";

describe("detectFormat", () => {
  it.each([
    ["graph.yaml", "yaml"],
    ["graph.yml", "yaml"],
    ["GRAPH.YML", "yaml"],
    ["dir.yaml/graph.json", "json"],
    ["graph.json", "json"],
    ["graph", "json"],
    ["yaml", "json"],
  ] as const)("%s is %s", (filename, format) => {
    expect(detectFormat(filename)).toBe(format);
  });
});

describe("parseSpecText (json)", () => {
  it("parses a spec", () => {
    const text = '{"name": "g", "nodes": [{"id": "a", "type": "noop"}]}';
    expect(parseSpecText(text, "json")).toEqual({
      ok: true,
      value: { name: "g", nodes: [{ id: "a", type: "noop" }] },
    });
  });

  it("rejects a duplicate key and names it", () => {
    const result = parseSpecText('{\n  "name": "a",\n  "nodes": [],\n  "name": "b"\n}', "json");
    expect(result).toEqual({
      ok: false,
      code: "invalid_json",
      message: 'duplicate key "name" at line 4 column 3',
    });
  });

  it("rejects duplicate keys in nested objects, even when spelled with escapes", () => {
    const result = parseSpecText('{"nodes": [{"id": "a", "\\u0069d": "b"}]}', "json");
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_json",
      message: expect.stringContaining('"id"'),
    });
  });

  it("allows the same key in sibling objects and the same string as key and value", () => {
    const text = '{"nodes": [{"id": "id"}, {"id": "b", "x": {"id": 1}}], "s": "nodes"}';
    expect(parseSpecText(text, "json").ok).toBe(true);
  });

  it("is not fooled by braces, commas and quotes inside strings", () => {
    const text = '{"a": "x\\",\\"a\\": {", "b": ["}", ",", "{"], "c": "\\\\"}';
    expect(parseSpecText(text, "json")).toEqual({
      ok: true,
      value: { a: 'x","a": {', b: ["}", ",", "{"], c: "\\" },
    });
  });

  it("keeps a __proto__ key as data", () => {
    const result = parseSpecText('{"__proto__": {"polluted": true}}', "json");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.hasOwn(result.value as object, "__proto__")).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("rejects malformed JSON", () => {
    expect(parseSpecText('{"name": ', "json")).toMatchObject({ ok: false, code: "invalid_json" });
    expect(parseSpecText("", "json")).toMatchObject({ ok: false, code: "invalid_json" });
  });

  it("accepts a byte order mark", () => {
    expect(parseSpecText('\uFEFF{"a": 1}', "json")).toEqual({ ok: true, value: { a: 1 } });
  });

  it("handles deep nesting without overflowing", () => {
    const depth = 100_000;
    const text = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const result = parseSpecText(text, "json");
    expect(["invalid_json", undefined]).toContain(result.ok ? undefined : result.code);
  });
});

describe("parseSpecText (yaml)", () => {
  it("parses a spec", () => {
    const text = [
      "name: research",
      "input:",
      "  topic: Redis",
      "nodes:",
      "  - id: search",
      "    type: llm",
      "    prompt: |",
      "      Find {{ input.topic }}",
      "  - id: write",
      "    type: noop",
      "    dependsOn: [search]",
      "    timeoutMs: 1000",
      "    continueOnFailure: true",
    ].join("\n");
    expect(parseSpecText(text, "yaml")).toEqual({
      ok: true,
      value: {
        name: "research",
        input: { topic: "Redis" },
        nodes: [
          { id: "search", type: "llm", prompt: "Find {{ input.topic }}\n" },
          { id: "write", type: "noop", dependsOn: ["search"], timeoutMs: 1000, continueOnFailure: true },
        ],
      },
    });
  });

  it("uses YAML 1.2 scalars (no yes/no booleans)", () => {
    expect(parseSpecText("a: yes\nb: true\nc: 012\nd: ~", "yaml")).toEqual({
      ok: true,
      value: { a: "yes", b: true, c: 12, d: null },
    });
  });

  it("rejects duplicate keys and names them", () => {
    const result = parseSpecText("name: a\nnodes: []\nname: b\n", "yaml");
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_yaml",
      message: expect.stringMatching(/^duplicate key "name"/),
    });
    const nested = parseSpecText("nodes:\n  - id: a\n    type: noop\n    id: b\n", "yaml");
    expect(nested).toMatchObject({
      ok: false,
      code: "invalid_yaml",
      message: expect.stringMatching(/^duplicate key "id"/),
    });
  });

  it("rejects syntax errors", () => {
    expect(parseSpecText("a: [1, 2\nb: c", "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
  });

  it("rejects custom and YAML 1.1 tags", () => {
    expect(parseSpecText("a: !js/function 'x'", "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
    expect(parseSpecText("a: !!binary aGVsbG8=", "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
    expect(parseSpecText("a: !!set {x}", "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
  });

  it("rejects alias bombs", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) {
      const refs = Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ");
      lines.push(`a${i}: &a${i} [${refs}]`);
    }
    expect(parseSpecText(lines.join("\n"), "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
  });

  it("allows a few aliases", () => {
    expect(parseSpecText("base: &b {x: 1}\ncopy: *b", "yaml")).toEqual({
      ok: true,
      value: { base: { x: 1 }, copy: { x: 1 } },
    });
  });

  it("rejects several documents in one text", () => {
    expect(parseSpecText("a: 1\n---\nb: 2\n", "yaml")).toMatchObject({ ok: false, code: "invalid_yaml" });
  });

  it("keeps a __proto__ key as data", () => {
    const result = parseSpecText("__proto__:\n  polluted: true\n", "yaml");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.hasOwn(result.value as object, "__proto__")).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("parses JSON text as YAML too", () => {
    expect(parseSpecText('{"name": "g", "nodes": [1, 2]}', "yaml")).toEqual({
      ok: true,
      value: { name: "g", nodes: [1, 2] },
    });
  });
});
