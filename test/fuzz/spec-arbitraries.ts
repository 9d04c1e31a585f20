// Generators of graph specs for the property tests: valid-ish specs that exercise every field, and the hostile
// values a client may send (prototype names as ids and keys, injection attempts in templates and conditions,
// numbers out of range, unpaired surrogates, deep nesting). Specs are built with own data properties only, so a
// key named "__proto__" stays an ordinary key, exactly as JSON.parse makes it.
import fc from "fast-check";

/** Names that mean something to JavaScript objects; as ids, keys and paths they must stay plain data. */
export const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
  "isPrototypeOf",
] as const;

/** An object with exactly these own, enumerable data properties (a "__proto__" key included). */
export function plainObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Strings that are not well-formed Unicode: they cannot be written as UTF-8 without loss. */
export const UNPAIRED_SURROGATES = ["\ud800", "a\udfffb", "\udc00\ud800", "x\ud83d"] as const;

/** Numbers that do not fit the integer fields (1e309 is what JSON.parse makes of "1e309": Infinity). */
export const ODD_NUMBERS = [
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  -0,
  -1,
  0,
  0.5,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  86_400_001,
  3_600_001,
  101,
] as const;

export const TEMPLATE_INJECTIONS = [
  "{{ constructor.constructor('return process')() }}",
  "{{ input.__proto__ }}",
  "{{ input.constructor }}",
  "{{ input.constructor.name }}",
  "{{ input['__proto__'] }}",
  "{{ nodes.__proto__.output }}",
  "{{ nodes.constructor.output.constructor }}",
  "{{ process.env.HOME }}",
  "{{ this }}",
  "{{ globalThis }}",
  // A JavaScript template placeholder: text to dago, never evaluated.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the point
  "${process.env.HOME}",
  "{{",
  "}}",
  "{{ }}",
  "\\{{ input.x }}",
  "{{ input.x ",
  "{{{{ input.x }}}}",
  "{{ input.x | upper }}",
  "{{ input.x }}{{ input.x[999999999999999999999] }}",
  "{{ input.x[0x10] }}",
  "{{ input.\u0000 }}",
  "{{ input.x }}".repeat(200),
] as const;

export const CONDITION_INJECTIONS = [
  "constructor.constructor('return process')()",
  "input.constructor.constructor('return process')()",
  "input.__proto__.polluted == true",
  "input.constructor.name == 'Object'",
  "input['__proto__'] != null",
  "input.hasOwnProperty('x')",
  "nodes.__proto__.output == null",
  "nodes.constructor.status == 'succeeded'",
  "process.exit(1)",
  "require('child_process')",
  "this.process",
  "globalThis",
  "len(input.__proto__) > 0",
  "contains(input.toString, 'function')",
  "1e309 > 0",
  "-0 == 0",
  "input.x == '\\ud800'",
  "'\\u0000' != ''",
  "a < b < c",
  "true === true",
  "x = 1",
  "!",
  "()",
  `${"(".repeat(70)}true${")".repeat(70)}`,
  `${"!".repeat(70)}true`,
  `${"(".repeat(5000)}true`,
  "a".repeat(2001),
  "",
  "   ",
] as const;

/** Ids a node may carry: valid ones (prototype names included) and many that are not. */
export const nodeIdArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      "",
      "a b",
      "x".repeat(65),
      "ü",
      "a.b",
      "{{x}}",
      ...UNPAIRED_SURROGATES,
      42,
      null,
      true,
      ["a"],
      {},
    ),
  },
);

/** Any JSON-ish value, small, with prototype names among the keys and odd numbers among the leaves. */
export const jsonishArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<unknown>(null, true, false, "", "x", ...UNPAIRED_SURROGATES),
    fc.string({ maxLength: 12 }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(...ODD_NUMBERS),
    fc.array(tie("value"), { maxLength: 4 }),
    fc
      .array(
        fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 6 })), tie("value")),
        { maxLength: 4 },
      )
      .map((entries) => plainObject(entries)),
  ),
})).value;

/** Node types the workers of the property tests run: the built-ins and two test executors. */
export const RUNNABLE_TYPES = ["noop", "llm", "value", "failing"] as const;

/** Fields each runnable type accepts (custom types accept any field; these are the ones generated). */
const TYPE_FIELDS: Record<(typeof RUNNABLE_TYPES)[number], readonly string[]> = {
  noop: ["when", "timeoutMs", "retry", "priority", "continueOnFailure"],
  llm: ["when", "timeoutMs", "retry", "priority", "continueOnFailure", "prompt", "system", "maxTokens"],
  value: ["when", "timeoutMs", "retry", "priority", "continueOnFailure", "value", "__proto__", "prompt"],
  failing: ["when", "timeoutMs", "retry", "continueOnFailure", "retryable", "constructor"],
};

/** Plain JSON for the data fields of custom nodes, with prototype names among its keys. */
const jsonDataArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<unknown>(null, true, false, "", "x", -0, 1e21, 2 ** 53 + 2),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.array(tie("value"), { maxLength: 3 }),
    fc
      .array(
        fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 6 })), tie("value")),
        { maxLength: 3 },
      )
      .map((entries) => plainObject(entries)),
  ),
})).value;

function validFieldArb(field: string, parents: readonly string[]): fc.Arbitrary<unknown> {
  const reads = ["input.topic", "input.__proto__", "input.constructor"];
  for (const id of parents) reads.push(`nodes.${id}.output`, `nodes.${id}.status`, `nodes.${id}.output.a`);
  switch (field) {
    case "when":
      return fc.constantFrom(
        "true",
        "false",
        'input.topic == "redis"',
        "input.__proto__ == null",
        "input.constructor != null",
        ...parents.flatMap((id) => [
          `nodes.${id}.status == "succeeded"`,
          `len(nodes.${id}.output) >= 0`,
          `nodes.${id}.output.constructor == null || nodes.${id}.output.__proto__ == null`,
        ]),
      );
    case "timeoutMs":
      return fc.integer({ min: 1000, max: 86_400_000 });
    case "retry":
      // Both delays together: a ceiling alone would sit below the default first delay.
      return fc.record(
        {
          maxAttempts: fc.integer({ min: 1, max: 3 }),
          backoffMs: fc.integer({ min: 0, max: 20 }),
          maxBackoffMs: fc.integer({ min: 20, max: 40 }),
        },
        { requiredKeys: ["backoffMs", "maxBackoffMs"] },
      );
    case "priority":
      return fc.integer({ min: -1000, max: 1000 });
    case "continueOnFailure":
    case "retryable":
      return fc.boolean();
    case "prompt":
    case "system":
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes("{{")),
        fc.constantFrom(...reads).map((path) => `about {{ ${path} }}, \\{{ literal }}`),
      );
    case "maxTokens":
      return fc.integer({ min: 1, max: 64 });
    default:
      return jsonDataArb;
  }
}

/** Valid node ids, prototype names included, unique within one graph. */
const validIdsArb = (count: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/)), {
    minLength: count,
    maxLength: count,
  });

/**
 * A graph every part of dago accepts: unique ids (prototype names among them), dependencies on earlier nodes
 * only, templates and conditions that read the input and direct dependencies, custom data with prototype keys.
 */
export function validSpecArb(maxNodes = 6): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .integer({ min: 1, max: maxNodes })
    .chain(validIdsArb)
    .chain((ids) => {
      const nodes = ids.map((id, index) =>
        fc
          .record({
            type: fc.constantFrom(...RUNNABLE_TYPES),
            dependsOn: fc.subarray(ids.slice(0, index), { maxLength: Math.min(3, index) }),
          })
          .chain(({ type, dependsOn }) => {
            const fields = [...TYPE_FIELDS[type]];
            const required = type === "llm" ? ["prompt"] : [];
            return fc
              .tuple(
                ...fields.map((field) =>
                  required.includes(field)
                    ? validFieldArb(field, dependsOn)
                    : fc.option(validFieldArb(field, dependsOn), { nil: undefined, freq: 2 }),
                ),
              )
              .map((values) => {
                const entries: [string, unknown][] = [
                  ["id", id],
                  ["type", type],
                ];
                if (dependsOn.length > 0) entries.push(["dependsOn", dependsOn]);
                fields.forEach((field, i) => {
                  if (values[i] !== undefined) entries.push([field, values[i]]);
                });
                return plainObject(entries);
              });
          }),
      );
      return fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), jsonDataArb, ...nodes)
        .map(([name, extra, ...nodeList]) =>
          plainObject([
            ["name", name],
            [
              "input",
              plainObject([
                ["topic", "redis"],
                ["__proto__", plainObject([["polluted", true]])],
                ["constructor", extra],
              ]),
            ],
            ["nodes", nodeList],
          ]),
        );
    });
}

const NODE_FIELDS = [
  "type",
  "dependsOn",
  "prompt",
  "system",
  "when",
  "timeoutMs",
  "retry",
  "priority",
  "requires",
  "continueOnFailure",
  "maxTokens",
  "temperature",
  "value",
  "__proto__",
] as const;

function hostileFieldArb(field: (typeof NODE_FIELDS)[number], earlier: string[], all: string[]) {
  switch (field) {
    case "type":
      return fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom<unknown>(...RUNNABLE_TYPES) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>("", "bad type!", 3, "t".repeat(65)) },
      );
    case "dependsOn":
      return fc.oneof(
        { weight: 4, arbitrary: fc.subarray(earlier, { maxLength: Math.min(3, earlier.length) }) },
        { weight: 2, arbitrary: fc.subarray(all, { maxLength: Math.min(3, all.length) }) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(["ghost"], [7], "a", [all[0], all[0]]) },
      );
    case "prompt":
    case "system":
      return fc.oneof(
        validFieldArb("prompt", earlier),
        fc.constantFrom<unknown>(...TEMPLATE_INJECTIONS, ...UNPAIRED_SURROGATES, "", 7, null),
      );
    case "when":
      return fc.oneof(
        validFieldArb("when", earlier),
        fc.constantFrom<unknown>(...CONDITION_INJECTIONS, true, 1, null, ...UNPAIRED_SURROGATES),
        fc.string({ maxLength: 30 }),
      );
    case "timeoutMs":
    case "priority":
    case "maxTokens":
    case "temperature":
      return fc.oneof(validFieldArb(field, earlier), fc.constantFrom<unknown>(...ODD_NUMBERS, "100", null));
    case "retry":
      return fc.oneof(
        validFieldArb("retry", earlier),
        fc.record(
          {
            maxAttempts: fc.constantFrom<unknown>(...ODD_NUMBERS),
            backoffMs: fc.constantFrom<unknown>(...ODD_NUMBERS),
            maxBackoffMs: fc.constantFrom<unknown>(...ODD_NUMBERS),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom<unknown>(null, 3, "fast", plainObject([["__proto__", { maxAttempts: 1 }]])),
      );
    case "requires":
      return fc.constantFrom<unknown>([], ["a", "a"], ["bad cap!"], "gpu");
    case "continueOnFailure":
      return fc.constantFrom<unknown>(true, false, "yes", 1);
    default:
      return jsonishArb;
  }
}

/**
 * A graph spec with every field sometimes wrong: bad ids and types, duplicate and unknown dependencies, cycles,
 * injection attempts, numbers out of range, unpaired surrogates, unknown fields and non-object nodes.
 */
export function hostileSpecArb(maxNodes = 6): fc.Arbitrary<unknown> {
  const spec = fc
    .integer({ min: 1, max: maxNodes })
    .chain((count) => fc.array(nodeIdArb, { minLength: count, maxLength: count }))
    .chain((idList) => {
      const all = idList.filter((id): id is string => typeof id === "string");
      const nodes = idList.map((id, index) => {
        const earlier = all.slice(0, index);
        const node = fc
          .tuple(
            fc.integer({ min: 0, max: 19 }),
            ...NODE_FIELDS.map((field) =>
              field === "type"
                ? hostileFieldArb(field, earlier, all)
                : fc.option(hostileFieldArb(field, earlier, all), { nil: undefined, freq: 3 }),
            ),
          )
          .map(([dropId, ...values]) => {
            const entries: [string, unknown][] = dropId === 0 ? [] : [["id", id]];
            NODE_FIELDS.forEach((field, i) => {
              if (values[i] !== undefined) entries.push([field, values[i]]);
            });
            return plainObject(entries) as unknown;
          });
        return fc.oneof(
          { weight: 30, arbitrary: node },
          { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "node", [], 1) },
        );
      });
      return fc
        .tuple(
          fc.oneof(
            { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) as fc.Arbitrary<unknown> },
            { weight: 1, arbitrary: fc.constantFrom<unknown>("", "n".repeat(300), 5, null, "\ud800") },
          ),
          fc.option(jsonishArb, { nil: undefined }),
          fc.option(
            fc.record(
              { timeoutMs: hostileFieldArb("timeoutMs", [], []), retry: hostileFieldArb("retry", [], []) },
              { requiredKeys: [] },
            ),
            { nil: undefined },
          ),
          fc.constantFrom<unknown>(undefined, undefined, undefined, "unexpected"),
          fc.tuple(...nodes),
        )
        .map(([name, input, defaults, extra, nodeList]) => {
          const entries: [string, unknown][] = [
            ["name", name],
            ["nodes", nodeList],
          ];
          if (input !== undefined) entries.push(["input", input]);
          if (defaults !== undefined) entries.push(["defaults", defaults]);
          if (extra !== undefined) entries.push(["__proto__", extra]);
          return plainObject(entries) as unknown;
        });
    });
  return fc.oneof(
    { weight: 20, arbitrary: spec },
    { weight: 1, arbitrary: jsonishArb },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(plainObject([["nodes", []]]), plainObject([])) },
  );
}

/** Well-formed and hostile specs in equal measure. */
export function anySpecArb(maxNodes = 6): fc.Arbitrary<unknown> {
  return fc.oneof(validSpecArb(maxNodes), hostileSpecArb(maxNodes));
}
