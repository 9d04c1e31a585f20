import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResolvedGraph } from "./graph-spec.js";
import { validateGraph } from "./validate.js";
import {
  VALIDATION_CODES,
  type ValidationCode,
  type ValidationIssue,
  type ValidationResult,
} from "./validation.js";

type Node = Record<string, unknown>;

function graph(nodes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "test", nodes, ...extra };
}

function errorsOf(result: ValidationResult): ValidationIssue[] {
  return result.valid ? [] : result.errors;
}

function codes(result: ValidationResult): string[] {
  return errorsOf(result).map((e) => e.code);
}

function resolved(result: ValidationResult): ResolvedGraph {
  if (!result.valid) throw new Error(`expected a valid graph, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.graph;
}

function chain(length: number): Node[] {
  return Array.from({ length }, (_, i) =>
    i === 0 ? { id: "n0", type: "noop" } : { id: `n${i}`, type: "noop", dependsOn: [`n${i - 1}`] },
  );
}

describe("validateGraph: valid graphs", () => {
  it("resolves defaults, refs and routes", () => {
    const result = validateGraph({
      name: "research",
      input: { topic: "queues", depth: 2 },
      defaults: { timeoutMs: 5000, scheduleTimeoutMs: 120_000, retry: { maxAttempts: 5 } },
      nodes: [
        { id: "search", type: "llm", prompt: "Find {{ input.topic }}", requires: ["web", "gpu"] },
        {
          id: "write",
          type: "llm",
          dependsOn: ["search"],
          prompt: "Write from {{ nodes.search.output }}",
          system: "You write about {{ input.topic }}.",
          when: 'nodes.search.status == "succeeded" && input.depth > 1',
          model: "claude-x",
          maxTokens: 1000,
          temperature: 0.2,
          retry: { backoffMs: 100 },
          timeoutMs: 1000,
          scheduleTimeoutMs: 0,
          priority: -5,
          continueOnFailure: true,
        },
        {
          id: "fetch",
          type: "http",
          dependsOn: ["write"],
          url: "https://x/{{ not a template",
          options: { a: [1] },
        },
        { id: "index", type: "search.index", requires: ["zeta", "alpha"] },
      ],
    });
    const g = resolved(result);
    expect(g.name).toBe("research");
    expect(g.input).toEqual({ topic: "queues", depth: 2 });
    expect(g.levels).toEqual([["search", "index"], ["write"], ["fetch"]]);
    expect(result.levels).toEqual(g.levels);
    expect(g.nodes.map((n) => n.id)).toEqual(["search", "write", "fetch", "index"]);
    expect(g.nodes[0]).toEqual({
      id: "search",
      type: "llm",
      prompt: "Find {{ input.topic }}",
      dependsOn: [],
      timeoutMs: 5000,
      scheduleTimeoutMs: 120_000,
      retry: { maxAttempts: 5, backoffMs: 500, maxBackoffMs: 30_000 },
      priority: 0,
      requires: ["gpu", "web"],
      continueOnFailure: false,
      refs: [],
      route: "gpu+web",
    });
    expect(g.nodes[1]).toMatchObject({
      dependsOn: ["search"],
      timeoutMs: 1000,
      scheduleTimeoutMs: 0,
      retry: { maxAttempts: 5, backoffMs: 100, maxBackoffMs: 30_000 },
      priority: -5,
      requires: [],
      continueOnFailure: true,
      refs: ["search"],
      route: "",
      model: "claude-x",
      when: 'nodes.search.status == "succeeded" && input.depth > 1',
    });
    expect(g.nodes[2]).toMatchObject({
      url: "https://x/{{ not a template",
      options: { a: [1] },
      route: "type:http",
    });
    expect(g.nodes[3]).toMatchObject({ requires: ["alpha", "zeta"], route: "alpha+type:search.index+zeta" });
  });

  it("uses the limits' defaults when the graph gives none", () => {
    const g = resolved(
      validateGraph(graph([{ id: "a", type: "noop" }]), {
        defaultTimeoutMs: 1234,
        defaultScheduleTimeoutMs: 4321,
        defaultRetry: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
      }),
    );
    expect(g.input).toEqual({});
    expect(g.nodes[0]).toMatchObject({
      timeoutMs: 1234,
      scheduleTimeoutMs: 4321,
      retry: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
  });

  it("takes a scheduleTimeoutMs from 0 (wait forever) to a day, on a node or in defaults", () => {
    const bad = validateGraph({
      name: "g",
      defaults: { scheduleTimeoutMs: -1 },
      nodes: [
        { id: "a", type: "noop", scheduleTimeoutMs: 1.5 },
        { id: "b", type: "custom", scheduleTimeoutMs: 86_400_001 },
      ],
    });
    const message = "scheduleTimeoutMs must be an integer from 0 (wait forever) to 86400000";
    expect(bad.errors).toEqual([
      { code: "bad_field", message, path: "/defaults/scheduleTimeoutMs" },
      { code: "bad_field", message, nodeId: "a", path: "/nodes/0/scheduleTimeoutMs" },
      { code: "bad_field", message, nodeId: "b", path: "/nodes/1/scheduleTimeoutMs" },
    ]);
    const ok = resolved(validateGraph(graph([{ id: "a", type: "noop", scheduleTimeoutMs: 86_400_000 }])));
    expect(ok.nodes[0]?.scheduleTimeoutMs).toBe(86_400_000);
    expect(resolved(validateGraph(graph([{ id: "a", type: "noop" }]))).nodes[0]?.scheduleTimeoutMs).toBe(
      3_600_000,
    );
  });

  it("levels a diamond, keeping submission order within a level", () => {
    const result = validateGraph(
      graph([
        { id: "d", type: "noop", dependsOn: ["c", "b"] },
        { id: "c", type: "noop", dependsOn: ["a"] },
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ]),
    );
    expect(resolved(result).levels).toEqual([["a"], ["c", "b"], ["d"]]);
  });

  it("puts a node one level below its deepest dependency", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
        { id: "c", type: "noop", dependsOn: ["a", "b"] },
      ]),
    );
    expect(result.levels).toEqual([["a"], ["b"], ["c"]]);
  });

  it("validates a 100,000-node chain without overflowing the stack", () => {
    const result = validateGraph(graph(chain(100_000)), { maxNodes: 100_000 });
    expect(result.valid).toBe(true);
    expect(result.levels).toHaveLength(100_000);
    expect(result.levels[99_999]).toEqual(["n99999"]);
  });

  it("accepts a reference to a distant ancestor along a long chain", () => {
    const nodes = chain(20_000);
    nodes.push({
      id: "last",
      type: "llm",
      dependsOn: ["n19999"],
      prompt: "{{ nodes.n0.output }} {{ nodes.n5.output }}",
    });
    const g = resolved(validateGraph(graph(nodes), { maxNodes: 20_001 }));
    expect(g.nodes[20_000]?.refs).toEqual(["n0", "n5"]);
  });

  it("accepts ids named like Object.prototype members everywhere", () => {
    const result = validateGraph(
      graph(
        [
          { id: "__proto__", type: "noop" },
          { id: "constructor", type: "noop", dependsOn: ["__proto__"] },
          { id: "toString", type: "noop", dependsOn: ["constructor"] },
          {
            id: "hasOwnProperty",
            type: "llm",
            dependsOn: ["toString"],
            prompt: "{{ nodes.__proto__.output }} {{ input.__proto__ }}",
            when: "nodes.constructor.status == 'succeeded'",
          },
        ],
        { input: JSON.parse('{"__proto__": "data"}') },
      ),
    );
    const g = resolved(result);
    expect(g.levels).toEqual([["__proto__"], ["constructor"], ["toString"], ["hasOwnProperty"]]);
    expect(g.nodes[3]?.refs).toEqual(["__proto__", "constructor"]);
    expect(Object.hasOwn(g.input, "__proto__")).toBe(true);
  });

  it("accepts a JSON-parsed spec whose nodes carry a __proto__ field on custom types", () => {
    const spec: unknown = JSON.parse(
      '{"name":"g","nodes":[{"id":"a","type":"custom","__proto__":{"polluted":true}}]}',
    );
    const g = resolved(validateGraph(spec));
    expect(Object.hasOwn(g.nodes[0] as object, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("validateGraph: every problem code", () => {
  // One spec that yields each code: a code added to VALIDATION_CODES fails the type check here until it has one.
  const yieldingEach: Record<ValidationCode, () => ValidationResult> = {
    not_an_object: () => validateGraph([]),
    missing_field: () => validateGraph({ name: "test" }),
    bad_field: () => validateGraph({ name: "test", nodes: "a" }),
    unknown_field: () => validateGraph(graph([{ id: "a", type: "noop" }], { version: 2 })),
    bad_node_id: () => validateGraph(graph([{ id: "a b", type: "noop" }])),
    duplicate_node_id: () =>
      validateGraph(
        graph([
          { id: "a", type: "noop" },
          { id: "a", type: "noop" },
        ]),
      ),
    unknown_dependency: () => validateGraph(graph([{ id: "a", type: "noop", dependsOn: ["ghost"] }])),
    self_dependency: () => validateGraph(graph([{ id: "a", type: "noop", dependsOn: ["a"] }])),
    duplicate_dependency: () =>
      validateGraph(
        graph([
          { id: "a", type: "noop" },
          { id: "b", type: "noop", dependsOn: ["a", "a"] },
        ]),
      ),
    cycle: () =>
      validateGraph(
        graph([
          { id: "a", type: "noop", dependsOn: ["b"] },
          { id: "b", type: "noop", dependsOn: ["a"] },
        ]),
      ),
    bad_template: () => validateGraph(graph([{ id: "a", type: "llm", prompt: "Hi {{ input.name" }])),
    bad_condition: () =>
      validateGraph(graph([{ id: "a", type: "noop", when: "input.x ===" }], { input: { x: 1 } })),
    non_upstream_reference: () =>
      validateGraph(
        graph([
          { id: "a", type: "llm", prompt: "{{ nodes.b.output }}" },
          { id: "b", type: "noop" },
        ]),
      ),
    unknown_input: () =>
      validateGraph(graph([{ id: "a", type: "llm", prompt: "{{ input.tone }}" }], { input: {} })),
    too_many_nodes: () =>
      validateGraph(
        graph([
          { id: "a", type: "noop" },
          { id: "b", type: "noop" },
        ]),
        { maxNodes: 1 },
      ),
    too_many_edges: () =>
      validateGraph(
        graph([
          { id: "a", type: "noop" },
          { id: "b", type: "noop", dependsOn: ["a"] },
        ]),
        { maxEdges: 0 },
      ),
    too_large: () =>
      validateGraph(graph([{ id: "a", type: "llm", prompt: "x".repeat(11) }]), { maxTextBytes: 10 }),
    unknown_type: () =>
      validateGraph(graph([{ id: "a", type: "lm", prompt: "hi" }]), undefined, {
        servedTypes: new Set(["llm"]),
      }),
  };

  it.each(VALIDATION_CODES.map((code) => [code]))(
    "%s: a spec that breaks only this rule yields only this code",
    (code) => {
      const result = yieldingEach[code]();
      expect(result.valid).toBe(false);
      expect(new Set(codes(result))).toEqual(new Set([code]));
    },
  );

  it.each([null, [], "graph", 3, undefined])("not_an_object: a spec of %j", (spec) => {
    expect(validateGraph(spec)).toEqual({
      valid: false,
      errors: [{ code: "not_an_object", message: expect.any(String), path: "" }],
      levels: [],
    });
  });

  it("not_an_object: a node that is not an object", () => {
    const result = validateGraph(graph([{ id: "a", type: "noop" }, "b", null]));
    expect(errorsOf(result)).toEqual([
      { code: "not_an_object", message: "node must be an object, got a string", path: "/nodes/1" },
      { code: "not_an_object", message: "node must be an object, got null", path: "/nodes/2" },
    ]);
  });

  it("missing_field: name, nodes", () => {
    expect(errorsOf(validateGraph({}))).toEqual([
      { code: "missing_field", message: "name is required", path: "/name" },
      { code: "missing_field", message: "nodes is required", path: "/nodes" },
    ]);
  });

  it("missing_field: node id, node type, llm prompt", () => {
    const result = validateGraph(graph([{ type: "noop" }, { id: "b" }, { id: "c", type: "llm" }]));
    expect(errorsOf(result)).toEqual([
      { code: "missing_field", message: "node id is required", path: "/nodes/0/id" },
      { code: "missing_field", message: "node type is required", path: "/nodes/1/type", nodeId: "b" },
      { code: "missing_field", message: "an llm node needs a prompt", path: "/nodes/2/prompt", nodeId: "c" },
    ]);
  });

  it.each([
    ["name", { name: "" }, "/name"],
    ["name", { name: "x".repeat(257) }, "/name"],
    ["name", { name: 7 }, "/name"],
    ["input", { input: [] }, "/input"],
    ["input", { input: "x" }, "/input"],
    ["input", { input: { bad: Number.NaN } }, "/input"],
    ["input", { input: { when: new Date() } }, "/input"],
    ["defaults", { defaults: [] }, "/defaults"],
    ["defaults.timeoutMs", { defaults: { timeoutMs: 0 } }, "/defaults/timeoutMs"],
    ["defaults.retry", { defaults: { retry: 3 } }, "/defaults/retry"],
    [
      "defaults.retry.maxAttempts",
      { defaults: { retry: { maxAttempts: 0 } } },
      "/defaults/retry/maxAttempts",
    ],
    ["defaults retry order", { defaults: { retry: { backoffMs: 60_000 } } }, "/defaults/retry"],
    ["nodes", { nodes: {} }, "/nodes"],
    ["nodes", { nodes: [] }, "/nodes"],
  ])("bad_field: top-level %s", (_label, patch, path) => {
    const result = validateGraph({ ...graph([{ id: "a", type: "noop" }]), ...patch });
    expect(errorsOf(result)).toEqual([{ code: "bad_field", message: expect.any(String), path }]);
  });

  it("bad_field: a name of 256 characters is fine, counted in characters", () => {
    expect(validateGraph(graph([{ id: "a", type: "noop" }], { name: "😀".repeat(256) })).valid).toBe(true);
    expect(codes(validateGraph(graph([{ id: "a", type: "noop" }], { name: "😀".repeat(257) })))).toEqual([
      "bad_field",
    ]);
  });

  it.each([
    ["type", { type: "" }],
    ["type", { type: "has space" }],
    ["type", { type: 4 }],
    ["dependsOn", { dependsOn: "x" }],
    ["dependsOn/0", { dependsOn: [1] }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: 86_400_001 }],
    ["timeoutMs", { timeoutMs: 1.5 }],
    ["timeoutMs", { timeoutMs: "100" }],
    ["retry", { retry: [] }],
    ["retry/maxAttempts", { retry: { maxAttempts: 101 } }],
    ["retry/maxAttempts", { retry: { maxAttempts: 0 } }],
    ["retry/backoffMs", { retry: { backoffMs: -1 } }],
    ["retry/backoffMs", { retry: { backoffMs: 3_600_001 } }],
    ["retry/maxBackoffMs", { retry: { maxBackoffMs: 86_400_001 } }],
    ["retry", { retry: { backoffMs: 1000, maxBackoffMs: 999 } }],
    ["retry", { retry: { maxBackoffMs: 100 } }],
    ["priority", { priority: 1001 }],
    ["priority", { priority: -1001 }],
    ["priority", { priority: 0.5 }],
    ["requires", { requires: "gpu" }],
    ["requires/0", { requires: ["has space"] }],
    ["requires/1", { requires: ["gpu", "gpu"] }],
    ["when", { when: true }],
    ["continueOnFailure", { continueOnFailure: "yes" }],
    ["prompt", { prompt: "" }],
    ["prompt", { prompt: 5 }],
    ["system", { system: 5 }],
    ["model", { model: "" }],
    ["model", { model: "m".repeat(201) }],
    ["maxTokens", { maxTokens: 0 }],
    ["maxTokens", { maxTokens: 1_000_001 }],
    ["temperature", { temperature: 2.5 }],
    ["temperature", { temperature: -0.1 }],
    ["temperature", { temperature: "hot" }],
  ])("bad_field: node %s", (field, patch) => {
    const result = validateGraph(graph([{ id: "a", type: "llm", prompt: "p", ...patch }]));
    expect(errorsOf(result)).toEqual([
      { code: "bad_field", message: expect.any(String), path: `/nodes/0/${field}`, nodeId: "a" },
    ]);
  });

  it("bad_field: the accepted edges of each range", () => {
    const result = validateGraph(
      graph([
        {
          id: "a",
          type: "llm",
          prompt: "p",
          system: "",
          model: "m".repeat(200),
          maxTokens: 1_000_000,
          temperature: 2,
          timeoutMs: 86_400_000,
          priority: 1000,
          retry: { maxAttempts: 100, backoffMs: 3_600_000, maxBackoffMs: 86_400_000 },
        },
        { id: "b", type: "llm", prompt: "p", maxTokens: 1, temperature: 0, timeoutMs: 1, priority: -1000 },
        { id: "c", type: "noop", retry: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 } },
      ]),
    );
    expect(errorsOf(result)).toEqual([]);
  });

  it("bad_field: custom node fields must be JSON values", () => {
    const result = validateGraph(graph([{ id: "a", type: "custom", handler: () => 1, ok: { x: [null] } }]));
    expect(errorsOf(result)).toEqual([
      { code: "bad_field", message: '"handler" must be a JSON value', path: "/nodes/0/handler", nodeId: "a" },
    ]);
  });

  it("bad_field: a conflicting retry inherited from defaults is reported once, on defaults", () => {
    const result = validateGraph(
      graph(
        [
          { id: "a", type: "noop", retry: { maxAttempts: 2 } },
          { id: "b", type: "noop" },
        ],
        { defaults: { retry: { backoffMs: 1000, maxBackoffMs: 10 } } },
      ),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "bad_field",
        message: "retry.maxBackoffMs (10) must be at least retry.backoffMs (1000)",
        path: "/defaults/retry",
      },
    ]);
  });

  it("unknown_field: top level, defaults and retry", () => {
    const result = validateGraph(
      graph([{ id: "a", type: "noop", retry: { attempts: 2 } }], {
        version: 2,
        defaults: { timeout: 5, retry: { tries: 1 } },
      }),
    );
    expect(errorsOf(result)).toEqual([
      { code: "unknown_field", message: 'unknown field "version"', path: "/version" },
      { code: "unknown_field", message: 'unknown field "timeout" in defaults', path: "/defaults/timeout" },
      { code: "unknown_field", message: 'unknown field "tries" in retry', path: "/defaults/retry/tries" },
      {
        code: "unknown_field",
        message: 'unknown field "attempts" in retry',
        path: "/nodes/0/retry/attempts",
        nodeId: "a",
      },
    ]);
  });

  it("unknown_field: typos on llm and noop nodes, with pointer escaping", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "llm", prompt: "p", temprature: 0.5 },
        { id: "b", type: "noop", prompt: "not for noop", "x/y~z": 1 },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "unknown_field",
        message: 'unknown field "temprature" for node type "llm"',
        path: "/nodes/0/temprature",
        nodeId: "a",
      },
      {
        code: "unknown_field",
        message: 'unknown field "prompt" for node type "noop"',
        path: "/nodes/1/prompt",
        nodeId: "b",
      },
      {
        code: "unknown_field",
        message: 'unknown field "x/y~z" for node type "noop"',
        path: "/nodes/1/x~1y~0z",
        nodeId: "b",
      },
    ]);
  });

  it.each([["has space"], ["dot.ted"], ["x".repeat(65)], [""], [42]])("bad_node_id: %j", (id) => {
    const result = validateGraph(graph([{ id, type: "noop" }]));
    expect(errorsOf(result)).toEqual([
      { code: "bad_node_id", message: expect.any(String), path: "/nodes/0/id" },
    ]);
  });

  it("bad_node_id: a bad id is not also an unknown dependency", () => {
    const result = validateGraph(
      graph([
        { id: "a b", type: "noop" },
        { id: "c", type: "noop", dependsOn: ["a b"] },
      ]),
    );
    expect(codes(result)).toEqual(["bad_node_id"]);
  });

  it("duplicate_node_id: each repeat is reported", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop" },
        { id: "a", type: "noop" },
        { id: "b", type: "noop" },
        { id: "a", type: "noop" },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "duplicate_node_id",
        message: 'node id "a" is already used by /nodes/0',
        path: "/nodes/1/id",
        nodeId: "a",
      },
      {
        code: "duplicate_node_id",
        message: 'node id "a" is already used by /nodes/0',
        path: "/nodes/3/id",
        nodeId: "a",
      },
    ]);
  });

  it("unknown_dependency, self_dependency, duplicate_dependency", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a", "ghost", "b", "a", "constructor"] },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "unknown_dependency",
        message: 'dependsOn names unknown node "ghost"',
        path: "/nodes/1/dependsOn/1",
        nodeId: "b",
      },
      {
        code: "self_dependency",
        message: 'node "b" depends on itself',
        path: "/nodes/1/dependsOn/2",
        nodeId: "b",
      },
      {
        code: "duplicate_dependency",
        message: 'dependsOn lists "a" more than once',
        path: "/nodes/1/dependsOn/3",
        nodeId: "b",
      },
      {
        code: "unknown_dependency",
        message: 'dependsOn names unknown node "constructor"',
        path: "/nodes/1/dependsOn/4",
        nodeId: "b",
      },
    ]);
  });

  it("cycle: a 2-cycle", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop", dependsOn: ["b"] },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      { code: "cycle", message: "cycle: a -> b -> a", cycle: ["a", "b", "a"], nodeId: "a", path: "/nodes" },
    ]);
    expect(result.levels).toEqual([]);
  });

  it("cycle: a 3-cycle behind a root, with the acyclic part still levelled", () => {
    const result = validateGraph(
      graph([
        { id: "root", type: "noop" },
        { id: "a", type: "noop", dependsOn: ["root", "b"] },
        { id: "b", type: "noop", dependsOn: ["c"] },
        { id: "c", type: "noop", dependsOn: ["a"] },
        { id: "after", type: "noop", dependsOn: ["c"] },
        { id: "side", type: "noop", dependsOn: ["root"] },
      ]),
    );
    expect(errorsOf(result).map((e) => e.message)).toEqual(["cycle: a -> b -> c -> a"]);
    expect(errorsOf(result)[0]?.cycle).toEqual(["a", "b", "c", "a"]);
    expect(result.levels).toEqual([["root"], ["side"]]);
  });

  it("cycle: cycles not reachable from any root, each reported once", () => {
    const result = validateGraph(
      graph([
        { id: "x", type: "noop", dependsOn: ["y"] },
        { id: "p", type: "noop", dependsOn: ["q"] },
        { id: "y", type: "noop", dependsOn: ["x"] },
        { id: "q", type: "noop", dependsOn: ["r"] },
        { id: "r", type: "noop", dependsOn: ["p"] },
        { id: "lone", type: "noop" },
      ]),
    );
    expect(errorsOf(result).map((e) => e.message)).toEqual(["cycle: x -> y -> x", "cycle: p -> q -> r -> p"]);
    expect(result.levels).toEqual([["lone"]]);
  });

  it("cycle: the shortest loop through a tangled component", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop", dependsOn: ["b", "d"] },
        { id: "b", type: "noop", dependsOn: ["c"] },
        { id: "c", type: "noop", dependsOn: ["a"] },
        { id: "d", type: "noop", dependsOn: ["a"] },
      ]),
    );
    expect(errorsOf(result).map((e) => e.message)).toEqual(["cycle: a -> d -> a"]);
  });

  it("cycle: a 100,000-node ring without overflowing the stack", () => {
    const nodes = chain(100_000);
    (nodes[0] as Node).dependsOn = ["n99999"];
    const result = validateGraph(graph(nodes), { maxNodes: 100_000 });
    const errors = errorsOf(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cycle).toHaveLength(100_001);
    expect(errors[0]?.cycle?.slice(0, 3)).toEqual(["n0", "n99999", "n99998"]);
  });

  it("bad_template and bad_condition, with positions", () => {
    const result = validateGraph(
      graph([{ id: "a", type: "llm", prompt: "Hi {{ input.name", system: "{{ }}", when: "input.x ===" }], {
        input: { name: "n", x: 1 },
      }),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "bad_template",
        message: "prompt: unclosed '{{' at position 3",
        path: "/nodes/0/prompt",
        nodeId: "a",
      },
      {
        code: "bad_template",
        message: "system: empty '{{ }}' at position 0",
        path: "/nodes/0/system",
        nodeId: "a",
      },
      {
        code: "bad_condition",
        message: "when: use '==': there is no '===' at position 8",
        path: "/nodes/0/when",
        nodeId: "a",
      },
    ]);
  });

  it("non_upstream_reference: siblings, descendants, self and unknown nodes", () => {
    const result = validateGraph(
      graph([
        { id: "root", type: "noop" },
        {
          id: "left",
          type: "llm",
          dependsOn: ["root"],
          prompt: "{{ nodes.right.output }} {{ nodes.root.output }}",
        },
        { id: "right", type: "noop", dependsOn: ["root"], when: "nodes.left.status == 'succeeded'" },
        { id: "down", type: "noop", dependsOn: ["left"] },
        {
          id: "me",
          type: "llm",
          dependsOn: ["down"],
          prompt: "{{ nodes.me.output }}",
          system: "{{ nodes.nobody.output }} {{ nodes.root.status }}",
        },
        { id: "top", type: "llm", prompt: "{{ nodes.down.output }}" },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "non_upstream_reference",
        message:
          'prompt reads nodes.right, but "right" is not upstream of "left"; only ancestors (via dependsOn) can be read',
        path: "/nodes/1/prompt",
        nodeId: "left",
      },
      expect.objectContaining({ code: "non_upstream_reference", path: "/nodes/2/when", nodeId: "right" }),
      {
        code: "non_upstream_reference",
        message:
          "prompt reads nodes.me, but a node cannot read its own output; only ancestors (via dependsOn) can be read",
        path: "/nodes/4/prompt",
        nodeId: "me",
      },
      {
        code: "non_upstream_reference",
        message:
          'system reads nodes.nobody, but there is no node "nobody"; only ancestors (via dependsOn) can be read',
        path: "/nodes/4/system",
        nodeId: "me",
      },
      expect.objectContaining({ code: "non_upstream_reference", path: "/nodes/5/prompt", nodeId: "top" }),
    ]);
  });

  it("non_upstream_reference: a node on another branch at a lower level is not an ancestor", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop" },
        { id: "b", type: "noop" },
        { id: "a1", type: "noop", dependsOn: ["a"] },
        { id: "a2", type: "noop", dependsOn: ["a1"] },
        { id: "b1", type: "noop", dependsOn: ["b"] },
        { id: "b2", type: "noop", dependsOn: ["b1"] },
        { id: "end", type: "llm", dependsOn: ["a2"], prompt: "{{ nodes.a.output }} {{ nodes.b1.output }}" },
      ]),
    );
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        code: "non_upstream_reference",
        message: expect.stringContaining("nodes.b1"),
        nodeId: "end",
      }),
    ]);
  });

  it("non_upstream_reference: hundreds of distinct far targets are all answered", () => {
    const nodes: Node[] = [];
    for (let i = 0; i < 600; i++) nodes.push({ id: `s${i}`, type: "noop" });
    for (let i = 0; i < 600; i++) nodes.push({ id: `m${i}`, type: "noop", dependsOn: [`s${i}`] });
    // Reads its own branch's source (fine) and the neighbour branch's source (not upstream).
    for (let i = 0; i < 600; i++) {
      const other = (i + 1) % 600;
      nodes.push({
        id: `e${i}`,
        type: "llm",
        dependsOn: [`m${i}`],
        prompt: `{{ nodes.s${i}.output }}{{ nodes.s${other}.output }}`,
      });
    }
    const errors = errorsOf(validateGraph(graph(nodes)));
    expect(errors).toHaveLength(600);
    expect(errors.every((e) => e.code === "non_upstream_reference")).toBe(true);
    expect(errors[0]?.message).toContain("nodes.s1,");
    expect(errors[599]?.message).toContain("nodes.s0,");
  });

  it("unknown_input: templates and conditions may only read declared input keys", () => {
    const result = validateGraph(
      graph(
        [
          {
            id: "a",
            type: "llm",
            prompt: "{{ input.topic }} {{ input.tone }}",
            when: "input.constructor == null || input.lang",
          },
        ],
        { input: { topic: "t", lang: "en" } },
      ),
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "unknown_input",
        message: "prompt reads input.tone, which the graph's input does not have",
        path: "/nodes/0/prompt",
        nodeId: "a",
      },
      {
        code: "unknown_input",
        message: "when reads input.constructor, which the graph's input does not have",
        path: "/nodes/0/when",
        nodeId: "a",
      },
    ]);
  });

  it("unknown_input: every input read is unknown when the graph has no input", () => {
    expect(codes(validateGraph(graph([{ id: "a", type: "llm", prompt: "{{ input.x }}" }])))).toEqual([
      "unknown_input",
    ]);
  });

  it("templates are only prompt and system, but those are parsed on custom nodes too", () => {
    const result = validateGraph(
      graph([{ id: "a", type: "custom", body: "{{ broken", prompt: "{{ nodes.zzz.output }}" }]),
    );
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({ code: "non_upstream_reference", path: "/nodes/0/prompt" }),
    ]);
  });

  it("too_many_nodes: reported alone, without checking each node", () => {
    const nodes = Array.from({ length: 11 }, () => ({ bogus: true }));
    const result = validateGraph(graph(nodes), { maxNodes: 10 });
    expect(errorsOf(result)).toEqual([
      { code: "too_many_nodes", message: "the graph has 11 nodes; at most 10 are allowed", path: "/nodes" },
    ]);
  });

  it("too_many_edges: counts every dependsOn entry", () => {
    const result = validateGraph(
      graph([
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
        { id: "c", type: "noop", dependsOn: ["a", "b"] },
      ]),
      { maxEdges: 2 },
    );
    expect(errorsOf(result)).toEqual([
      {
        code: "too_many_edges",
        message: "the graph has 3 dependencies; at most 2 are allowed",
        path: "/nodes",
      },
    ]);
    expect(
      validateGraph(
        graph([
          { id: "a", type: "noop" },
          { id: "b", type: "noop", dependsOn: ["a"] },
        ]),
        { maxEdges: 1 },
      ).valid,
    ).toBe(true);
  });

  it("too_large: prompt and system are measured in UTF-8 bytes", () => {
    const limits = { maxTextBytes: 10 };
    expect(validateGraph(graph([{ id: "a", type: "llm", prompt: "é".repeat(5) }]), limits).valid).toBe(true);
    const result = validateGraph(
      graph([{ id: "a", type: "llm", prompt: "é".repeat(6), system: "x".repeat(11) }]),
      limits,
    );
    expect(errorsOf(result)).toEqual([
      { code: "too_large", message: "prompt is larger than 10 bytes", path: "/nodes/0/prompt", nodeId: "a" },
      { code: "too_large", message: "system is larger than 10 bytes", path: "/nodes/0/system", nodeId: "a" },
    ]);
    expect(
      validateGraph(graph([{ id: "a", type: "llm", prompt: "😀😀😀" }]), { maxTextBytes: 12 }).valid,
    ).toBe(true);
    expect(
      validateGraph(graph([{ id: "a", type: "llm", prompt: "😀😀😀" }]), { maxTextBytes: 11 }).valid,
    ).toBe(false);
  });
});

describe("validateGraph: reporting", () => {
  it("leaves the submitted spec untouched and shares no arrays with it", () => {
    const spec = {
      name: "g",
      input: { topic: "t" },
      nodes: [
        { id: "a", type: "noop", requires: ["z", "b"] },
        { id: "b", type: "llm", dependsOn: ["a"], prompt: "{{ input.topic }}", retry: { maxAttempts: 2 } },
      ],
    };
    const before = JSON.stringify(spec);
    const g = resolved(validateGraph(spec));
    expect(JSON.stringify(spec)).toBe(before);
    g.nodes[1]?.dependsOn.push("x");
    g.nodes[0]?.requires.push("y");
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("returns every problem at once", () => {
    const result = validateGraph({
      name: "",
      extra: 1,
      input: { topic: "t" },
      nodes: [
        { id: "a", type: "llm" },
        { id: "a", type: "noop", priority: 5000 },
        { id: "b", type: "noop", dependsOn: ["c", "missing"], when: "((" },
        { id: "c", type: "llm", dependsOn: ["b"], prompt: "{{ input.nope }} {{ nodes.a.output }}" },
        { id: "bad id", type: "noop" },
      ],
    });
    expect(codes(result)).toEqual([
      "unknown_field",
      "bad_field",
      "duplicate_node_id",
      "missing_field",
      "bad_field",
      "unknown_dependency",
      "bad_condition",
      "unknown_input",
      "bad_node_id",
      "cycle",
    ]);
    expect(result.levels).toEqual([["a"]]);
  });

  it("never reports success with errors, and always returns levels", () => {
    const ok = validateGraph(graph([{ id: "a", type: "noop" }]));
    expect(ok).toMatchObject({ valid: true, errors: [], levels: [["a"]] });
    const bad = validateGraph(graph([{ id: "a", type: "noop", dependsOn: ["zz"] }]));
    expect(bad).toMatchObject({ valid: false, levels: [["a"]] });
  });
});

describe("validateGraph: properties", () => {
  // A random graph: node i may depend on any node; `acyclic` keeps only edges to earlier nodes.
  const graphArb = (acyclic: boolean) =>
    fc
      .integer({ min: 1, max: 40 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), {
            minLength: n,
            maxLength: n,
          }),
        ),
      )
      .map(([n, deps]) =>
        Array.from({ length: n }, (_, i) => ({
          id: `n${i}`,
          type: "noop",
          dependsOn: (deps[i] ?? []).filter((d) => d !== i && (!acyclic || d < i)).map((d) => `n${d}`),
        })),
      );

  it("levels every acyclic graph so that dependencies sit in earlier levels", () => {
    fc.assert(
      fc.property(graphArb(true), (nodes) => {
        const result = validateGraph(graph(nodes));
        expect(result.valid).toBe(true);
        const levelOf = new Map<string, number>();
        result.levels.forEach((ids, l) => {
          for (const id of ids) levelOf.set(id, l);
        });
        expect(levelOf.size).toBe(nodes.length);
        for (const node of nodes) {
          const own = levelOf.get(node.id)!;
          const depLevels = node.dependsOn.map((d) => levelOf.get(d)!);
          for (const l of depLevels) expect(l).toBeLessThan(own);
          expect(own).toBe(depLevels.length === 0 ? 0 : Math.max(...depLevels) + 1);
        }
      }),
    );
  });

  it("reports cycles whose every step is a real dependsOn edge, and levels only the rest", () => {
    fc.assert(
      fc.property(graphArb(false), (nodes) => {
        const result = validateGraph(graph(nodes));
        const depsOf = new Map(nodes.map((n) => [n.id, new Set(n.dependsOn)]));
        const cycles = errorsOf(result).filter((e) => e.code === "cycle");
        expect(cycles.length).toBe(errorsOf(result).length);
        const onCycle = new Set<string>();
        for (const { cycle, message } of cycles) {
          expect(cycle!.length).toBeGreaterThanOrEqual(3);
          expect(cycle![0]).toBe(cycle![cycle!.length - 1]);
          expect(message).toBe(`cycle: ${cycle!.join(" -> ")}`);
          for (let i = 0; i + 1 < cycle!.length; i++)
            expect(depsOf.get(cycle![i]!)!.has(cycle![i + 1]!)).toBe(true);
          for (const id of cycle!) onCycle.add(id);
        }
        const levelled = result.levels.flat();
        for (const id of levelled) expect(onCycle.has(id)).toBe(false);
        if (cycles.length === 0) expect(levelled.length).toBe(nodes.length);
      }),
    );
  });

  it("never throws, whatever the spec", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.anything(), { maxLength: 5 }), (value, nodes) => {
        validateGraph(value);
        validateGraph({ name: "x", nodes });
        validateGraph({ name: "x", nodes: [value] });
      }),
    );
  });
});
