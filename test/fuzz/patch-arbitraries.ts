// Random graphs and random patch sequences for the engine fuzzing. A patch is drawn as a recipe of indices and
// turned into a body only when it is sent, against the graph as it stands then: the same recipe names existing
// nodes whatever ran or was removed meanwhile. A recipe may carry one flaw that makes it invalid on purpose.
import fc from "fast-check";

/** What a node does: sleeps, fails with continueOnFailure, is skipped by its condition, or fails its graph. */
export type NodeKind = "sleep" | "fail" | "skip" | "fatal";

export interface NodeDraw {
  kind: NodeKind;
  ms: number;
  /** Indices into the nodes before it, reduced modulo their count. */
  deps: number[];
}

const kindArb = (fatal: number): fc.Arbitrary<NodeKind> =>
  fc.oneof(
    { arbitrary: fc.constant("sleep" as const), weight: 8 },
    { arbitrary: fc.constant("fail" as const), weight: 2 },
    { arbitrary: fc.constant("skip" as const), weight: 2 },
    { arbitrary: fc.constant("fatal" as const), weight: fatal },
  );

const nodeDrawArb = (fatal: number): fc.Arbitrary<NodeDraw> =>
  fc.record({
    kind: kindArb(fatal),
    ms: fc.integer({ min: 20, max: 200 }),
    deps: fc.array(fc.nat(), { maxLength: 3 }),
  });

/** A node spec of `kind` depending on `deps` (already node ids, without repeats). */
export function nodeSpec(id: string, draw: NodeDraw, deps: string[]): Record<string, unknown> {
  const spec: Record<string, unknown> = { id, dependsOn: deps };
  switch (draw.kind) {
    case "sleep":
      return { ...spec, type: "sleep", ms: draw.ms };
    case "fail":
      return { ...spec, type: "failing", retryable: false, continueOnFailure: true };
    case "fatal":
      return { ...spec, type: "failing", retryable: false };
    case "skip":
      // The sleep executor's output is {slept}: the condition is never true, so the node is skipped.
      return deps.length === 0
        ? { ...spec, type: "sleep", ms: draw.ms }
        : { ...spec, type: "sleep", ms: draw.ms, when: `nodes.${deps[0]}.output == 'never'` };
  }
}

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

function uniquePicks(list: readonly string[], indices: readonly number[]): string[] {
  return [...new Set(indices.map((i) => pick(list, i)).filter((id): id is string => id !== undefined))];
}

/** A graph of 2 to 6 nodes, each depending on some of the nodes before it; rarely one that fails the graph. */
export const graphArb = fc.array(nodeDrawArb(1), { minLength: 2, maxLength: 6 }).map((draws) => {
  const ids = draws.map((_, i) => `n${i}`);
  const nodes = draws.map((draw, i) =>
    nodeSpec(ids[i] as string, draw, uniquePicks(ids.slice(0, i), draw.deps)),
  );
  return { name: "fuzzed", nodes };
});

export const FLAWS = [
  "unknownDependency",
  "cycle",
  "duplicateId",
  "selfDependency",
  "removeNeeded",
  "badShape",
  "unknownField",
  "empty",
] as const;
export type Flaw = (typeof FLAWS)[number];

export interface PatchRecipe {
  add: NodeDraw[];
  /** addDependencies as (target, dependency) index pairs. */
  deps: Array<{ target: number; dep: number }>;
  remove: number[];
  withVersion: boolean;
  flaw: Flaw | undefined;
}

export const patchRecipeArb: fc.Arbitrary<PatchRecipe> = fc.record({
  add: fc.array(nodeDrawArb(1), { maxLength: 3 }),
  deps: fc.array(fc.record({ target: fc.nat(), dep: fc.nat() }), { maxLength: 2 }),
  remove: fc.array(fc.nat(), { maxLength: 1 }),
  withVersion: fc.boolean(),
  flaw: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(...FLAWS), weight: 1 },
  ),
});

/** A recipe that only adds nodes under existing ones: valid on any graph that has not ended. */
export function alwaysValid(recipe: PatchRecipe): boolean {
  return (
    recipe.flaw === undefined &&
    recipe.deps.length === 0 &&
    recipe.remove.length === 0 &&
    recipe.add.length > 0
  );
}

export interface GraphNow {
  version: number;
  nodes: Record<string, { status: string; dependsOn: string[] }>;
}

/** The body a recipe makes against the graph as it stands; `fresh` names each added node uniquely. */
export function patchBody(
  recipe: PatchRecipe,
  graph: GraphNow,
  fresh: () => string,
): Record<string, unknown> {
  const ids = Object.keys(graph.nodes);
  const pool = [...ids];
  const addNodes = recipe.add.map((draw) => {
    const id = fresh();
    const spec = nodeSpec(id, draw, uniquePicks(pool, draw.deps));
    pool.push(id);
    return spec;
  });
  // Targets drawn among the nodes a patch may still change, so most unflawed patches are valid when drawn; a
  // worker may still start one before the patch lands.
  const pending = ids.filter((id) => graph.nodes[id]?.status === "pending");
  const needed = new Set(ids.flatMap((id) => graph.nodes[id]?.dependsOn ?? []));
  const removable = ids.filter((id) => {
    const status = graph.nodes[id]?.status;
    return (status === "pending" || status === "ready") && !needed.has(id);
  });
  const addDependencies = recipe.deps.flatMap(({ target, dep }) => {
    const node = pick(pending, target);
    const on = pick(pool, dep);
    if (node === undefined || on === undefined || on === node) return [];
    return graph.nodes[node]?.dependsOn.includes(on) ? [] : [{ node, dependsOn: [on] }];
  });
  const used = new Set(addNodes.flatMap((spec) => spec.dependsOn as string[]));
  for (const entry of addDependencies) for (const dep of [entry.node, ...entry.dependsOn]) used.add(dep);
  const removeNodes = uniquePicks(
    removable.filter((id) => !used.has(id)),
    recipe.remove,
  );
  const body: Record<string, unknown> = {};
  if (addNodes.length > 0) body.addNodes = addNodes;
  if (addDependencies.length > 0) body.addDependencies = addDependencies;
  if (removeNodes.length > 0) body.removeNodes = removeNodes;
  // A draw whose picks all fell away still adds a node, so that an unflawed recipe always changes something.
  if (Object.keys(body).length === 0)
    body.addNodes = [{ id: fresh(), type: "noop", dependsOn: uniquePicks(ids, [recipe.remove.length]) }];
  if (recipe.withVersion) body.ifVersion = graph.version;
  return recipe.flaw === undefined ? body : flawed(body, recipe.flaw, ids, fresh);
}

function flawed(
  body: Record<string, unknown>,
  flaw: Flaw,
  ids: string[],
  fresh: () => string,
): Record<string, unknown> {
  const first = ids[0] ?? "n0";
  const last = ids[ids.length - 1] ?? "n0";
  switch (flaw) {
    case "unknownDependency":
      return { ...body, addNodes: [{ id: fresh(), type: "noop", dependsOn: ["ghost"] }] };
    case "cycle": {
      // A new node under the last node, and the first node made to depend on it: a cycle whenever the first
      // node is an ancestor of the last (or is it); otherwise only the first node's status may refuse it.
      const id = fresh();
      return {
        ...body,
        addNodes: [{ id, type: "noop", dependsOn: [last] }],
        addDependencies: [{ node: first, dependsOn: [id] }],
      };
    }
    case "duplicateId":
      return { ...body, addNodes: [{ id: first, type: "noop" }] };
    case "selfDependency":
      return { ...body, addDependencies: [{ node: first, dependsOn: [first] }] };
    case "removeNeeded": {
      const id = fresh();
      return { ...body, addNodes: [{ id, type: "noop", dependsOn: [first] }], removeNodes: [first] };
    }
    case "badShape":
      return { ...body, addNodes: { id: fresh() } };
    case "unknownField":
      return { ...body, replaceNodes: [first] };
    case "empty":
      return body.ifVersion === undefined ? {} : { ifVersion: body.ifVersion };
  }
}

export type Action =
  | { kind: "patch"; graph: number; recipe: PatchRecipe }
  /** Two patches of one graph sent at once: the one that loses the write is validated again. */
  | { kind: "pair"; graph: number; recipes: [PatchRecipe, PatchRecipe] }
  | { kind: "pause"; graph: number }
  | { kind: "resume"; graph: number }
  | { kind: "wait"; ms: number };

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("patch" as const), graph: fc.nat(), recipe: patchRecipeArb }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("pair" as const),
      graph: fc.nat(),
      recipes: fc.tuple(patchRecipeArb, patchRecipeArb),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant("pause" as const), graph: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("resume" as const), graph: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 40 }) }),
    weight: 2,
  },
);
