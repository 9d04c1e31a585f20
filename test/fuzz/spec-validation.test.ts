// Property tests of graph validation, the gate every transport goes through: whatever value arrives, the
// validator answers (valid with a resolved graph, or a list of issues with known codes) and never throws; cycles of
// every length are found and named exactly; sizes are bounded by the limits; ids and keys that mean something to
// JavaScript stay data; templates and conditions read only what the graph holds.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateCondition, parseCondition } from "../../internal/domain/condition.js";
import { parseSpecText } from "../../internal/domain/parse-spec.js";
import type { ConditionScope } from "../../internal/domain/path.js";
import { parseTemplate, renderTemplate } from "../../internal/domain/template.js";
import { validateGraph } from "../../internal/domain/validate.js";
import {
  DEFAULT_VALIDATION_LIMITS,
  VALIDATION_CODES,
  type ValidationIssue,
  type ValidationResult,
} from "../../internal/domain/validation.js";
import {
  anySpecArb,
  CONDITION_INJECTIONS,
  jsonishArb,
  ODD_NUMBERS,
  PROTOTYPE_NAMES,
  plainObject,
  TEMPLATE_INJECTIONS,
  UNPAIRED_SURROGATES,
  validSpecArb,
} from "./spec-arbitraries.js";

const KNOWN_CODES: ReadonlySet<string> = new Set(VALIDATION_CODES);

/** What every answer of the validator looks like, valid or not. */
function expectWellFormed(result: ValidationResult): void {
  if (result.valid) {
    expect(result.errors).toEqual([]);
    const placed = result.levels.flat();
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length).toBe(result.graph.nodes.length);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const issue of result.errors) {
    expect(KNOWN_CODES.has(issue.code), `unknown code ${issue.code}`).toBe(true);
    expect(typeof issue.message).toBe("string");
    if (issue.path !== undefined) expect(issue.path === "" || issue.path.startsWith("/")).toBe(true);
  }
}

function issuesOf(result: ValidationResult): ValidationIssue[] {
  return result.valid ? [] : result.errors;
}

function ring(length: number): Record<string, unknown>[] {
  return Array.from({ length }, (_, i) => ({
    id: `n${i}`,
    type: "noop",
    dependsOn: [`n${(i + 1) % length}`],
  }));
}

function chain(length: number): Record<string, unknown>[] {
  return Array.from({ length }, (_, i) =>
    i === 0 ? { id: "n0", type: "noop" } : { id: `n${i}`, type: "noop", dependsOn: [`n${i - 1}`] },
  );
}

/** The same data with no prototypes anywhere: nothing can be inherited from it. */
function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (typeof value !== "object" || value === null) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: withoutPrototypes((value as Record<string, unknown>)[key]),
      enumerable: true,
    });
  }
  return out;
}

afterAll(() => {
  // Nothing any test fed the validator, templates or conditions may have reached the shared prototypes.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("any value", () => {
  it("is either valid with a resolved graph or refused with issues of known codes, never a throw", () => {
    fc.assert(
      fc.property(anySpecArb(8), (spec) => {
        expectWellFormed(validateGraph(spec));
      }),
      { numRuns: 1000 },
    );
  });

  it("a well-formed graph is accepted whatever its ids, keys, templates and conditions read", () => {
    fc.assert(
      fc.property(validSpecArb(8), (spec) => {
        const result = validateGraph(spec);
        expect(issuesOf(result)).toEqual([]);
        expectWellFormed(result);
      }),
      { numRuns: 500 },
    );
  });

  it("any JSON text parses to a value or a clear invalid_json, and duplicate keys are refused", () => {
    const duplicated = fc
      .tuple(fc.constantFrom(...PROTOTYPE_NAMES, "name", "nodes", "a"), jsonishArb, jsonishArb)
      .map(
        ([key, a, b]) =>
          `{"x":1,${JSON.stringify(key)}:${JSON.stringify(a) ?? "null"},"y":[{}],` +
          `${JSON.stringify(key)}:${JSON.stringify(b) ?? "null"}}`,
      );
    fc.assert(
      fc.property(duplicated, (text) => {
        const parsed = parseSpecText(text, "json");
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) {
          expect(parsed.code).toBe("invalid_json");
          expect(parsed.message).toMatch(/^duplicate key /);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.json()), (text) => {
        for (const format of ["json", "yaml"] as const) {
          const parsed = parseSpecText(text, format);
          if (parsed.ok) expectWellFormed(validateGraph(parsed.value));
          else expect(parsed.code).toBe(format === "json" ? "invalid_json" : "invalid_yaml");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a key named __proto__ in JSON stays a key and never becomes a prototype", () => {
    const text =
      '{"name":"p","__proto__":{"nodes":[]},"input":{"__proto__":{"polluted":true},"topic":"x"},' +
      '"nodes":[{"id":"__proto__","type":"noop","__proto__":{"type":"llm"}}]}';
    const parsed = parseSpecText(text, "json");
    expect(parsed.ok).toBe(true);
    const result = validateGraph(parsed.ok ? parsed.value : undefined);
    // The top-level "__proto__" is an unknown field, the node's one too (noop takes no extra fields).
    expect(issuesOf(result).map((i) => [i.code, i.path])).toEqual([
      ["unknown_field", "/__proto__"],
      ["unknown_field", "/nodes/0/__proto__"],
    ]);
  });
});

describe("cycles", () => {
  it("a self-dependency (a cycle of length 1) is named as such", () => {
    const result = validateGraph({ name: "self", nodes: [{ id: "a", type: "noop", dependsOn: ["a"] }] });
    expect(issuesOf(result).map((i) => i.code)).toEqual(["self_dependency"]);
  });

  it("every ring of 2 to 50 nodes is one cycle issue naming all its nodes in order", () => {
    for (let length = 2; length <= 50; length++) {
      const result = validateGraph({ name: "ring", nodes: ring(length) });
      const cycles = issuesOf(result).filter((i) => i.code === "cycle");
      expect(issuesOf(result)).toHaveLength(1);
      const expected = [...Array.from({ length }, (_, i) => `n${i}`), "n0"];
      expect(cycles[0]?.cycle).toEqual(expected);
      expect(cycles[0]?.message).toBe(`cycle: ${expected.join(" -> ")}`);
    }
  });

  it("a ring as large as the node limit is found without deep recursion", () => {
    const length = DEFAULT_VALIDATION_LIMITS.maxNodes;
    const result = validateGraph({ name: "huge ring", nodes: ring(length) });
    const issues = issuesOf(result);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("cycle");
    expect(issues[0]?.cycle).toHaveLength(length + 1);
  });

  it("random graphs: a cycle is reported exactly when one exists, and each one reported is real", () => {
    // Edges a -> b with a != b: the second end is drawn from the other n - 1 nodes.
    const digraph = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.uniqueArray(
          fc
            .tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 2 }))
            .map(([a, b]): [number, number] => [a, b >= a ? b + 1 : b]),
          { maxLength: n * 2, selector: ([a, b]) => `${a}>${b}` },
        ),
      }),
    );
    fc.assert(
      fc.property(digraph, ({ n, edges }) => {
        const ids = Array.from({ length: n }, (_, i) => PROTOTYPE_NAMES[i] ?? `n${i}`);
        const deps = ids.map(() => [] as string[]);
        for (const [from, to] of edges) deps[from]?.push(ids[to] as string);
        const nodes = ids.map((id, i) => ({ id, type: "noop", dependsOn: deps[i] }));
        const result = validateGraph({ name: "random", nodes });
        expectWellFormed(result);
        const reported = issuesOf(result).filter((i) => i.code === "cycle");
        expect(reported.length > 0).toBe(hasCycle(n, edges));
        for (const issue of reported) {
          const cycle = issue.cycle as string[];
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let k = 0; k + 1 < cycle.length; k++) {
            const from = ids.indexOf(cycle[k] as string);
            expect(deps[from]).toContain(cycle[k + 1]);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** Kahn's algorithm as an independent oracle: a cycle exists when not every node can be ordered. */
function hasCycle(n: number, edges: [number, number][]): boolean {
  const indegree = new Array<number>(n).fill(0);
  for (const [from] of edges) indegree[from] = (indegree[from] ?? 0) + 1;
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  let ordered = 0;
  while (ready.length > 0) {
    const done = ready.pop() as number;
    ordered++;
    for (const [from, to] of edges) {
      if (to !== done) continue;
      indegree[from] = (indegree[from] ?? 0) - 1;
      if (indegree[from] === 0) ready.push(from);
    }
  }
  return ordered < n;
}

describe("size", () => {
  it("100,000 nodes are refused by the default node limit with too_many_nodes alone", () => {
    const result = validateGraph({ name: "big", nodes: chain(100_000) });
    expect(issuesOf(result).map((i) => i.code)).toEqual(["too_many_nodes"]);
    expect(issuesOf(result)[0]?.message).toBe("the graph has 100000 nodes; at most 10000 are allowed");
  });

  it("100,000 nodes are accepted when the limits allow them, as a chain and as a fan", () => {
    const limits = { maxNodes: 100_000, maxEdges: 100_000 };
    const deep = validateGraph({ name: "chain", nodes: chain(100_000) }, limits);
    expect(deep.valid).toBe(true);
    expect(deep.levels).toHaveLength(100_000);
    const fan = [{ id: "root", type: "noop" }];
    for (let i = 1; i < 100_000; i++) fan.push({ id: `n${i}`, type: "noop", dependsOn: ["root"] } as never);
    const wide = validateGraph({ name: "fan", nodes: fan }, limits);
    expect(wide.valid).toBe(true);
    expect(wide.levels.map((level) => level.length)).toEqual([1, 99_999]);
  });

  it("a prompt over the text limit is too_large; one at the limit (in bytes, not characters) is fine", () => {
    const max = DEFAULT_VALIDATION_LIMITS.maxTextBytes;
    const atLimit = `${"é".repeat((max - 2) / 2)}ok`;
    expect(Buffer.byteLength(atLimit)).toBe(max);
    const node = (prompt: string) => ({ name: "t", nodes: [{ id: "a", type: "llm", prompt }] });
    expect(validateGraph(node(atLimit)).valid).toBe(true);
    const over = validateGraph(node(`${atLimit}!`));
    expect(issuesOf(over).map((i) => [i.code, i.path])).toEqual([["too_large", "/nodes/0/prompt"]]);
    const huge = validateGraph(node("x".repeat(10 * max)));
    expect(issuesOf(huge).map((i) => i.code)).toEqual(["too_large"]);
  });
});

describe("values", () => {
  it("every numeric setting refuses what is not an integer in its range, with bad_field at its path", () => {
    const fields: [string, number, number][] = [
      ["timeoutMs", 1, 86_400_000],
      ["priority", -1000, 1000],
      ["retry/maxAttempts", 1, 100],
      ["retry/backoffMs", 0, 3_600_000],
      ["retry/maxBackoffMs", 0, 86_400_000],
    ];
    for (const [field, min, max] of fields) {
      for (const value of [...ODD_NUMBERS, min, max, min - 1, max + 1]) {
        const [head, tail] = field.split("/") as [string, string | undefined];
        const setting = tail === undefined ? value : { [tail]: value };
        // A ceiling below the first delay is refused for another reason: the other one of the two is pinned.
        const retry =
          tail === "maxBackoffMs"
            ? { backoffMs: 0, maxBackoffMs: value }
            : tail === "backoffMs"
              ? { backoffMs: value, maxBackoffMs: 86_400_000 }
              : setting;
        const spec = {
          name: "n",
          nodes: [{ id: "a", type: "noop", [head]: head === "retry" ? retry : setting }],
        };
        const fits = Number.isInteger(value) && value >= min && value <= max;
        const result = validateGraph(spec);
        expect(result.valid, `${field} = ${value}`).toBe(fits);
        if (!fits) {
          expect(issuesOf(result).map((i) => [i.code, i.path])).toEqual([["bad_field", `/nodes/0/${field}`]]);
        }
      }
    }
  });

  it("strings that are not well-formed Unicode are refused wherever they appear, keys included", () => {
    for (const text of UNPAIRED_SURROGATES) {
      const places: [Record<string, unknown>, string][] = [
        [{ name: text, nodes: [{ id: "a", type: "noop" }] }, "/name"],
        [{ name: "n", input: { topic: text }, nodes: [{ id: "a", type: "noop" }] }, "/input/topic"],
        [{ name: "n", input: plainObject([[text, 1]]), nodes: [{ id: "a", type: "noop" }] }, "/input"],
        [{ name: "n", nodes: [{ id: "a", type: "llm", prompt: text }] }, "/nodes/0/prompt"],
        [{ name: "n", nodes: [{ id: "a", type: "noop", when: `"${text}" == ""` }] }, "/nodes/0/when"],
        [{ name: "n", nodes: [{ id: "a", type: "x", data: [[text]] }] }, "/nodes/0/data/0/0"],
      ];
      for (const [spec, path] of places) {
        const issues = issuesOf(validateGraph(spec));
        expect(
          issues.map((i) => [i.code, i.path]),
          JSON.stringify(spec),
        ).toContainEqual(["bad_field", path]);
        expect(issues.find((i) => i.path === path)?.message).toMatch(/unpaired surrogate/);
      }
    }
    // A surrogate pair is an ordinary character.
    expect(validateGraph({ name: "😀", nodes: [{ id: "a", type: "llm", prompt: "😀" }] }).valid).toBe(true);
  });

  it("data nested deeper than the spec depth limit is too_large; anything less deep is accepted", () => {
    const nest = (depth: number): unknown => {
      let value: unknown = "leaf";
      for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
      return value;
    };
    // The spec object, "input" and the key "deep" account for the first levels.
    const spec = (depth: number) => ({
      name: "d",
      input: { deep: nest(depth) },
      nodes: [{ id: "a", type: "noop" }],
    });
    expect(validateGraph(spec(60)).valid).toBe(true);
    for (const depth of [200, 5_000, 100_000]) {
      const issues = issuesOf(validateGraph(spec(depth)));
      expect(issues.map((i) => i.code)).toEqual(["too_large"]);
      expect(issues[0]?.message).toMatch(/nested deeper than 64 levels/);
    }
  });
});

describe("templates and conditions read only the graph's own data", () => {
  const scopeArb: fc.Arbitrary<ConditionScope> = fc
    .record({
      input: jsonishArb,
      nodes: fc.array(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES, "a", "b"), jsonishArb), { maxLength: 4 }),
    })
    .map(({ input, nodes }) => ({
      input: (typeof input === "object" && input !== null && !Array.isArray(input) ? input : {}) as Record<
        string,
        unknown
      >,
      nodes: plainObject(
        nodes.map(([id, output]) => [id, { output, status: "succeeded" }]),
      ) as ConditionScope["nodes"],
    }));
  const paths = fc.constantFrom(
    "input.__proto__",
    "input.constructor",
    "input.constructor.name",
    "input.toString",
    "input.x.__proto__.__proto__",
    "input['hasOwnProperty']",
    "nodes.__proto__.output",
    "nodes.constructor.output.prototype",
    "nodes.toString.status",
    "nodes.a.output[0].constructor",
    "nodes.b.output.length",
  );

  it("a template renders the same with or without prototypes behind the data, and never throws", () => {
    const text = fc.oneof(
      fc.constantFrom(...TEMPLATE_INJECTIONS),
      paths.map((p) => `[{{ ${p} }}]`),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, scopeArb, (source, scope) => {
        const parsed = parseTemplate(source);
        if (!parsed.ok) return;
        const rendered = renderTemplate(parsed.template, scope);
        expect(rendered).toBe(renderTemplate(parsed.template, withoutPrototypes(scope) as ConditionScope));
        expect(rendered).not.toMatch(/function|\[native code\]/);
      }),
      { numRuns: 2000 },
    );
  });

  it("a condition evaluates the same with or without prototypes behind the data, and never throws", () => {
    const source = fc.oneof(
      fc.constantFrom(...CONDITION_INJECTIONS),
      paths.map((p) => `${p} != null`),
      paths.map((p) => `len(${p}) > 0 || contains(${p}, "function")`),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(source, scopeArb, (text, scope) => {
        const parsed = parseCondition(text);
        if (!parsed.ok) {
          expect(typeof parsed.message).toBe("string");
          return;
        }
        const bare = withoutPrototypes(scope) as ConditionScope;
        expect(evaluateCondition(parsed.condition, scope)).toBe(evaluateCondition(parsed.condition, bare));
      }),
      { numRuns: 2000 },
    );
  });

  it("inherited names are missing: input.constructor is null unless the input has that key", () => {
    const holds = (text: string, input: Record<string, unknown>) => {
      const parsed = parseCondition(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return evaluateCondition(parsed.condition, { input, nodes: {} });
    };
    expect(holds("input.constructor == null", {})).toBe(true);
    expect(holds("input.__proto__ == null", JSON.parse("{}"))).toBe(true);
    expect(holds("input.__proto__.a == 1", JSON.parse('{"__proto__":{"a":1}}'))).toBe(true);
    expect(holds("len(input.toString) == null", {})).toBe(true);
  });
});
