import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConditionScope, evaluateCondition, parseCondition } from "./condition.js";

const scope: ConditionScope = {
  input: {
    topic: "Redis Streams",
    count: 3,
    zero: 0,
    empty: "",
    flag: true,
    list: ["a", "b", { deep: [1, 2] }],
    emptyList: [],
    emptyObject: {},
    obj: { "odd key": "yes", nested: { n: 7 } },
    nothing: null,
  },
  nodes: {
    fetch: { output: { items: [{ title: "first" }, { title: "second" }], score: 0.8 }, status: "succeeded" },
    "web-search": { output: "Found IT", status: "succeeded" },
    broken: { output: null, status: "failed" },
  },
};

function run(source: string, data: ConditionScope = scope): boolean {
  const parsed = parseCondition(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.message} at ${parsed.position}`);
  return evaluateCondition(parsed.condition, data);
}

describe("evaluateCondition", () => {
  it.each([
    // literals and truthiness
    ["true", true],
    ["false", false],
    ["null", false],
    ["0", false],
    ["1", true],
    ["-1.5", true],
    ['""', false],
    ["'x'", true],
    ["input.zero", false],
    ["input.count", true],
    ["input.empty", false],
    ["input.emptyList", false],
    ["input.emptyObject", false],
    ["input.list", true],
    ["input.obj", true],
    ["input.nothing", false],
    // equality is structural over JSON values
    ['input.topic == "Redis Streams"', true],
    ["input.topic == 'Redis Streams'", true],
    ['input.topic != "Redis Streams"', false],
    ["input.count == 3", true],
    ['input.count == "3"', false],
    ["input.list[2] == input.list[2]", true],
    ["nodes.fetch.output.items[0] == nodes.fetch.output.items[0]", true],
    ["input.nothing == null", true],
    ["input.missing == null", true],
    ["input.emptyList == input.emptyObject", false],
    // ordering compares numbers with numbers and strings with strings only
    ["input.count > 2", true],
    ["input.count >= 3", true],
    ["input.count < 3", false],
    ["input.count <= 3", true],
    ['"abc" < "abd"', true],
    ['input.count < "4"', false],
    ['input.count > "4"', false],
    ["input.missing < 1", false],
    ["input.missing >= 0", false],
    ["nodes.fetch.output.score > 0.5", true],
    // logic
    ["true && false", false],
    ["true || false", true],
    ["!false", true],
    ["!!input.count", true],
    ["!input.emptyList", true],
    ["false || false || input.flag", true],
    ["true && true && input.zero", false],
    ["!(input.count > 2) || input.flag", true],
    ["(input.count > 2) && (input.topic != 'x')", true],
    ["!input.flag == false", true],
    // statuses
    ['nodes.fetch.status == "succeeded"', true],
    ["nodes.broken.status == 'failed'", true],
    ['nodes.web-search.status == "succeeded"', true],
    ["nodes.unknown.status == null", true],
    // paths
    ['nodes.fetch.output.items[1].title == "second"', true],
    ['nodes.fetch.output.items.1.title == "second"', true],
    ["input.list[2].deep[1] == 2", true],
    ['input.obj["odd key"] == "yes"', true],
    ["input.obj['nested'].n == 7", true],
    ["input.list[9] == null", true],
    ["input.topic.length == null", true],
    ["input.count.x.y == null", true],
    // functions
    ["len(input.topic) == 13", true],
    ["len(input.list) == 3", true],
    ["len(input.obj) == 2", true],
    ['len("héllo") == 5', true],
    ["len(input.count) == null", true],
    ["len(input.missing) == null", true],
    ['contains(input.topic, "Stream")', true],
    ['contains(input.topic, "stream")', false],
    ['contains(lower(input.topic), "stream")', true],
    ['contains(input.list, "b")', true],
    ["contains(input.list, input.list[2])", true],
    ['contains(input.list, "z")', false],
    ['contains(input.count, "3")', false],
    ["contains(input.topic, 3)", false],
    ['startsWith(input.topic, "Redis")', true],
    ['startsWith(input.count, "3")', false],
    ['endsWith(input.topic, "Streams")', true],
    ['endsWith(input.topic, "Redis")', false],
    ['lower(nodes.web-search.output) == "found it"', true],
    ['upper(nodes.web-search.output) == "FOUND IT"', true],
    ["upper(input.count) == null", true],
    // escapes
    ['"a\\"b" == \'a"b\'', true],
    ["'it\\'s' == \"it's\"", true],
    ['"\\u0041" == "A"', true],
    ['"tab\\there" != "tab here"', true],
  ] as [string, boolean][])("%s is %s", (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it("reads missing paths as null instead of failing", () => {
    const empty: ConditionScope = { input: {}, nodes: {} };
    expect(run("input.a.b.c == null", empty)).toBe(true);
    expect(run("nodes.x.output.y == null", empty)).toBe(true);
    expect(run("nodes.x.status == null", empty)).toBe(true);
    expect(run("input.a", empty)).toBe(false);
  });

  it("never reads inherited properties", () => {
    expect(run("input.__proto__ == null")).toBe(true);
    expect(run("input.constructor == null")).toBe(true);
    expect(run("input.toString == null")).toBe(true);
    expect(run("input.obj.constructor == null")).toBe(true);
    expect(run("input.obj.hasOwnProperty == null")).toBe(true);
    expect(run("input.list.length == null")).toBe(true);
    expect(run("input.list.constructor == null")).toBe(true);
    expect(run("nodes.constructor.status == null")).toBe(true);
    expect(run("nodes.__proto__.output == null")).toBe(true);
    expect(run("nodes.toString.output == null")).toBe(true);
    expect(run("len(input.__proto__) == null")).toBe(true);
  });

  it("reads own properties named like prototype members", () => {
    const data: ConditionScope = {
      input: JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}') as Record<string, unknown>,
      nodes: Object.create(null) as ConditionScope["nodes"],
    };
    // Defined as data, the way JSON.parse and the engine's null-prototype records hold it.
    Object.defineProperty(data.nodes, "__proto__", {
      value: { output: { v: 2 }, status: "succeeded" },
      enumerable: true,
    });
    expect(run("input.__proto__.x == 1", data)).toBe(true);
    expect(run('input.constructor == "c"', data)).toBe(true);
    expect(run("nodes.__proto__.output.v == 2", data)).toBe(true);
    expect(run('nodes.__proto__.status == "succeeded"', data)).toBe(true);
  });

  it("does not look inside class instances", () => {
    const data: ConditionScope = { input: { when: new Date(0), map: new Map([["k", 1]]) }, nodes: {} };
    expect(run("input.when.getTime == null", data)).toBe(true);
    expect(run("input.map.size == null", data)).toBe(true);
  });

  it("compares deeply nested data without overflowing the stack", () => {
    let a: unknown = 1;
    let b: unknown = 1;
    for (let i = 0; i < 50_000; i++) {
      a = [a];
      b = [b];
    }
    expect(run("input.a == input.b", { input: { a, b }, nodes: {} })).toBe(true);
  });

  it("compares object keys regardless of order", () => {
    const data: ConditionScope = { input: { a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 } }, nodes: {} };
    expect(run("input.a == input.b", data)).toBe(true);
    expect(run("input.a != input.b", data)).toBe(false);
  });
});

describe("parseCondition", () => {
  it("lists the input keys and nodes a condition reads", () => {
    const parsed = parseCondition(
      'input.b == 1 && input.a.x && nodes.z.status == "ok" || contains(nodes.a-b.output[0], input.b)',
    );
    expect(parsed.ok && parsed.condition.refs).toEqual({ inputKeys: ["a", "b"], nodes: ["a-b", "z"] });
  });

  it.each([
    ["", "empty condition", 0],
    ["   ", "empty condition", 0],
    ["input.a ==", "unexpected end of condition", 10],
    ["input.a = 1", "use '==' to compare", 8],
    ["input.a & true", "use '&&' for 'and'", 8],
    ["input.a | true", "use '||' for 'or'", 8],
    ["1 < 2 < 3", "comparisons cannot be chained; use && and parentheses", 6],
    ["(true", "expected ')'", 5],
    ["true)", "unexpected ')'", 4],
    ["foo", "unknown name 'foo'", 0],
    ["eval('x')", "unknown name 'eval'", 0],
    ["len(1, 2)", "len takes 1 argument, got 2", 0],
    ["contains('a')", "contains takes 2 arguments, got 1", 0],
    ["len", "expected '(' after len", 3],
    ["input", "expected a key after 'input', as in input.topic", 5],
    ["input.", "expected a key after '.'", 6],
    ["nodes.a", "expected '.output' or '.status' after the node id", 7],
    ["nodes.a.result", "expected 'output' or 'status' after the node id", 8],
    ["nodes.a.status.x", "a node's status has no fields", 14],
    ["input.a[x]", "expected an index or a quoted key after '['", 8],
    ["input.a[0", "expected ']'", 9],
    ["'abc", "unterminated string", 0],
    ["'a\\qb'", "unknown escape '\\q' in string", 2],
    ["1abc", "invalid number", 0],
    ["-", "invalid number", 0],
    ["input.a == 1e999", "number is out of range", 11],
    ["input.a @ 1", "unexpected '@'", 8],
    ["input.a === 1", "use '==': there is no '==='", 8],
    ["input.a !== 1", "use '!=': there is no '!=='", 8],
  ])("rejects %j: %s", (source, message, position) => {
    expect(parseCondition(source)).toEqual({ ok: false, message, position });
  });

  it("rejects conditions longer than 2000 characters", () => {
    const result = parseCondition(`input.a == "${"x".repeat(2000)}"`);
    expect(result).toMatchObject({ ok: false, message: "condition is longer than 2000 characters" });
  });

  it("rejects nesting deeper than 64 levels with an error, not a stack overflow", () => {
    expect(parseCondition(`${"(".repeat(64)}true${")".repeat(64)}`).ok).toBe(true);
    const tooDeep = parseCondition(`${"(".repeat(65)}true${")".repeat(65)}`);
    expect(tooDeep).toMatchObject({ ok: false, message: "condition is nested deeper than 64 levels" });
    expect(parseCondition(`${"!".repeat(1999)}1`)).toMatchObject({ ok: false });
    expect(parseCondition(`${"len(".repeat(100)}1${")".repeat(100)}`)).toMatchObject({ ok: false });
  });

  it("keeps long flat chains of || and && without deep trees", () => {
    const source = Array.from({ length: 150 }, (_, i) => `input.k${i % 10}`).join(" || ");
    const parsed = parseCondition(source);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(evaluateCondition(parsed.condition, { input: { k9: 1 }, nodes: {} })).toBe(true);
  });

  it("accepts whitespace and newlines between tokens", () => {
    expect(run("\n  input.count\t>\r\n 2  \n&&  len( input.list )  ==  3 ")).toBe(true);
  });
});

describe("condition properties", () => {
  it("parsing never throws, and evaluating never throws on any data", () => {
    const sources = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .array(
          fc.constantFrom(
            "input.a",
            "nodes.x.output",
            "nodes.x.status",
            "len(",
            "contains(",
            ",",
            ")",
            "(",
            "!",
            "==",
            "<",
            "&&",
            "||",
            "1",
            "'s'",
            "null",
            "[0]",
            ".b",
          ),
          { maxLength: 12 },
        )
        .map((parts) => parts.join(" ")),
    );
    fc.assert(
      fc.property(sources, fc.jsonValue(), fc.jsonValue(), (source, a, out) => {
        const parsed = parseCondition(source);
        if (!parsed.ok) {
          expect(parsed.position).toBeGreaterThanOrEqual(0);
          expect(parsed.position).toBeLessThanOrEqual(source.length);
          return;
        }
        const result = evaluateCondition(parsed.condition, {
          input: { a, b: a },
          nodes: { x: { output: out, status: "succeeded" } },
        });
        expect(typeof result).toBe("boolean");
      }),
    );
  });
});
