// The dependency graph of the valid nodes and what is computed on it: topological levels (Kahn), cycles
// (iterative Tarjan, then a breadth-first shortest loop) and ancestry. Nothing here recurses, so the depth of a
// graph cannot overflow the stack; nodes are indexes into `ids` and user-chosen ids only key Maps.

import type { NodeFacts } from "./node-facts.js";

/** Targets answered per pass of the ancestor check: 8 words of 32 bits per node. */
const ANCESTOR_WORDS = 8;
const BITS_PER_PASS = ANCESTOR_WORDS * 32;

/**
 * The graph of valid, first-occurrence nodes, with dependency edges as indexes into `ids`. Edges are stored flat
 * (`parentList[parentStart[g]] .. parentList[parentStart[g + 1] - 1]` are g's parents, in dependsOn order), so a
 * 100,000-node graph is a few typed arrays rather than 100,000 small ones.
 */
export interface Graph {
  ids: string[];
  /** Index in `ids` of each node by its position in `nodes`; -1 for a node that is not in the graph. */
  atPosition: Int32Array;
  /** Position in `nodes` of the first node of each id (from indexIds): with `atPosition`, an id's index. */
  firstPosition: ReadonlyMap<string, number>;
  parentStart: Int32Array;
  parentList: Int32Array;
  /** Nodes in topological order (Kahn), the acyclic part only. */
  order: Int32Array;
  processed: number;
  level: Int32Array;
}

/** The index in `ids` of the node with this id, or -1 when no node of the graph has it. */
export function indexOf(graph: Graph, id: string): number {
  const position = graph.firstPosition.get(id);
  return position === undefined ? -1 : graph.atPosition[position]!;
}

/**
 * `facts` are the checked nodes in submission order, `nodeCount` the length of `nodes`, `firstPosition` the ids
 * indexIds found. A dependency on a node left out of the graph (its id is invalid) is no edge.
 */
export function buildGraph(
  facts: NodeFacts[],
  nodeCount: number,
  firstPosition: ReadonlyMap<string, number>,
): Graph {
  // Loops here are indexed and arrays sized up front: this runs once per spec, mostly before the JIT has
  // compiled it, where for...of and growing arrays allocate per element.
  let n = 0;
  for (let k = 0; k < facts.length; k++) if (facts[k]!.id !== undefined) n++;
  const members: NodeFacts[] = new Array(n);
  const ids: string[] = new Array(n);
  const atPosition = new Int32Array(nodeCount).fill(-1);
  for (let k = 0, g = 0; k < facts.length; k++) {
    const f = facts[k]!;
    if (f.id === undefined) continue;
    members[g] = f;
    ids[g] = f.id;
    atPosition[f.index] = g++;
  }

  const parentStart = new Int32Array(n + 1);
  let edges = 0;
  for (let g = 0; g < n; g++) {
    const deps = members[g]!.deps;
    for (let d = 0; d < deps.length; d++) if (atPosition[deps[d]!]! >= 0) edges++;
    parentStart[g + 1] = edges;
  }
  const parentList = new Int32Array(edges);
  for (let g = 0, k = 0; g < n; g++) {
    const deps = members[g]!.deps;
    for (let d = 0; d < deps.length; d++) {
      const p = atPosition[deps[d]!]!;
      if (p >= 0) parentList[k++] = p;
    }
  }

  const childCount = new Int32Array(n + 1);
  for (let k = 0; k < edges; k++) {
    const p = parentList[k]!;
    childCount[p + 1] = childCount[p + 1]! + 1;
  }
  for (let g = 0; g < n; g++) childCount[g + 1] = childCount[g + 1]! + childCount[g]!;
  const childStart = childCount.slice();
  const children = new Int32Array(edges);
  const fill = childCount.slice(0, n);
  for (let g = 0; g < n; g++) {
    for (let k = parentStart[g]!; k < parentStart[g + 1]!; k++) {
      const p = parentList[k]!;
      children[fill[p]!] = g;
      fill[p] = fill[p]! + 1;
    }
  }

  const pending = new Int32Array(n);
  const level = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let tail = 0;
  for (let g = 0; g < n; g++) {
    pending[g] = parentStart[g + 1]! - parentStart[g]!;
    if (pending[g] === 0) {
      level[g] = 0;
      order[tail++] = g;
    }
  }
  for (let head = 0; head < tail; head++) {
    const g = order[head]!;
    const next = level[g]! + 1;
    for (let k = childStart[g]!; k < childStart[g + 1]!; k++) {
      const c = children[k]!;
      if (level[c]! < next) level[c] = next;
      pending[c] = pending[c]! - 1;
      if (pending[c] === 0) order[tail++] = c;
    }
  }
  // Nodes Kahn never reached sit on or behind a cycle: they get no level.
  const inOrder = new Uint8Array(n);
  for (let k = 0; k < tail; k++) inOrder[order[k]!] = 1;
  for (let g = 0; g < n; g++) if (inOrder[g] === 0) level[g] = -1;
  return { ids, atPosition, firstPosition, parentStart, parentList, order, processed: tail, level };
}

export function levelsOf(graph: Graph): string[][] {
  // Counted first so each level is allocated at its size: a long chain has as many levels as nodes, and an
  // array grown from empty reserves room for many ids.
  const n = graph.ids.length;
  let depth = 0;
  for (let g = 0; g < n; g++) depth = Math.max(depth, graph.level[g]! + 1);
  const sizes = new Int32Array(depth);
  for (let g = 0; g < n; g++) {
    const l = graph.level[g]!;
    if (l >= 0) sizes[l] = sizes[l]! + 1;
  }
  const levels: string[][] = new Array(depth);
  for (let l = 0; l < depth; l++) levels[l] = new Array(sizes[l]!);
  const filled = new Int32Array(depth);
  for (let g = 0; g < n; g++) {
    const l = graph.level[g]!;
    if (l < 0) continue;
    levels[l]![filled[l]!] = graph.ids[g]!;
    filled[l] = filled[l]! + 1;
  }
  return levels;
}

/** Strongly connected components of more than one node, among nodes Kahn left over (iterative Tarjan). */
function cyclicComponents(graph: Graph): number[][] {
  const n = graph.ids.length;
  const visitIndex = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const edge = new Int32Array(n);
  const stack: number[] = [];
  const calls: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (graph.level[s] !== -1 || visitIndex[s] !== -1) continue;
    visitIndex[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    calls.push(s);
    while (calls.length > 0) {
      const v = calls[calls.length - 1]!;
      const next = graph.parentStart[v]! + edge[v]!;
      if (next < graph.parentStart[v + 1]!) {
        const w = graph.parentList[next]!;
        edge[v] = edge[v]! + 1;
        if (graph.level[w] !== -1) continue;
        if (visitIndex[w] === -1) {
          visitIndex[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          calls.push(w);
        } else if (onStack[w] === 1) low[v] = Math.min(low[v]!, visitIndex[w]!);
        continue;
      }
      calls.pop();
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[v]!);
      if (low[v] !== visitIndex[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  }
  return components;
}

function smallest(values: number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < min) min = v;
  return min;
}

/**
 * A shortest cycle through the component's first node (in submission order), found breadth-first inside the
 * component. Arrows follow dependsOn: "a -> b" means a depends on b.
 */
function cyclePath(graph: Graph, component: number[]): string[] {
  const members = new Set(component);
  const start = smallest(component);
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (let k = graph.parentStart[v]!; k < graph.parentStart[v + 1]!; k++) {
      const w = graph.parentList[k]!;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.push(u);
        const ids = [
          graph.ids[start]!,
          ...path
            .slice(1)
            .reverse()
            .map((u) => graph.ids[u]!),
        ];
        return [...ids, graph.ids[start]!];
      }
      if (members.has(w) && !previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [graph.ids[start]!];
}

/**
 * One shortest cycle per strongly connected component, ordered by each component's first node in submission
 * order. Arrows follow dependsOn; the first id is repeated at the end.
 */
export function findCycles(graph: Graph): string[][] {
  const components = cyclicComponents(graph).map((members) => ({ members, first: smallest(members) }));
  return components.sort((a, b) => a.first - b.first).map(({ members }) => cyclePath(graph, members));
}

/** A question for `ancestorFlags`: is `target` an ancestor of `node`? Both are indexes into `ids`. */
export interface AncestryQuery {
  node: number;
  target: number;
}

/**
 * Answers ancestry questions in bulk: 1 for each query whose target is an ancestor of its node, else 0. Ancestor
 * bitsets are propagated in topological order, a few hundred targets per pass, so the cost stays
 * (nodes + edges) x targets / 32 with bounded memory. Nodes on or behind a cycle have no ancestors here.
 */
export function ancestorFlags(graph: Graph, queries: readonly AncestryQuery[]): Uint8Array {
  // Number the distinct targets; each pass answers the queries of ANCESTOR_WORDS * 32 of them.
  const n = graph.ids.length;
  const bitOf = new Int32Array(n).fill(-1);
  const passes: number[][] = [];
  let targets = 0;
  queries.forEach((q, i) => {
    if (bitOf[q.target] === -1) bitOf[q.target] = targets++;
    const pass = Math.floor(bitOf[q.target]! / BITS_PER_PASS);
    while (passes.length <= pass) passes.push([]);
    passes[pass]!.push(i);
  });
  const upstream = new Uint8Array(queries.length);
  const ancestors = new Uint32Array(n * ANCESTOR_WORDS);
  for (let pass = 0; pass < passes.length; pass++) {
    const first = pass * BITS_PER_PASS;
    ancestors.fill(0);
    for (let k = 0; k < graph.processed; k++) {
      const g = graph.order[k]!;
      const row = g * ANCESTOR_WORDS;
      for (let e = graph.parentStart[g]!; e < graph.parentStart[g + 1]!; e++) {
        const p = graph.parentList[e]!;
        const parentRow = p * ANCESTOR_WORDS;
        for (let w = 0; w < ANCESTOR_WORDS; w++) ancestors[row + w]! |= ancestors[parentRow + w]!;
        const bit = bitOf[p]! - first;
        if (bit >= 0 && bit < BITS_PER_PASS) ancestors[row + (bit >>> 5)]! |= 1 << (bit & 31);
      }
    }
    for (const i of passes[pass]!) {
      const q = queries[i]!;
      const bit = bitOf[q.target]! - first;
      if ((ancestors[q.node * ANCESTOR_WORDS + (bit >>> 5)]! & (1 << (bit & 31))) !== 0) upstream[i] = 1;
    }
  }
  return upstream;
}
