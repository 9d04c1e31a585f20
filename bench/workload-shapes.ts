// The graphs the workloads run, as dago specs. BullMQ builds the same shapes as flows (bullmq-target.ts).

/** DAG-10: a root, 8 parallel nodes depending on it, and a join depending on all 8. */
export function dag10Spec(name: string, type = "noop"): Record<string, unknown> {
  const fanned = Array.from({ length: 8 }, (_, i) => ({ id: `n${i}`, type, dependsOn: ["root"] }));
  return {
    name,
    nodes: [{ id: "root", type }, ...fanned, { id: "join", type, dependsOn: fanned.map((n) => n.id) }],
  };
}

/** A chain of `length` sequential nodes s0 -> s1 -> ... */
export function chainSpec(name: string, length: number, type: string): Record<string, unknown> {
  return {
    name,
    nodes: Array.from({ length }, (_, i) => ({
      id: `s${i}`,
      type,
      ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
    })),
  };
}

/** A random DAG: each node depends on up to `fanIn` earlier nodes, so it is acyclic by construction. */
export function randomDagSpec(nodes: number, fanIn: number, seed: number): Record<string, unknown> {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  return {
    name: `random-${nodes}`,
    nodes: Array.from({ length: nodes }, (_, i) => {
      const deps = new Set<string>();
      const count = i === 0 ? 0 : Math.floor(random() * (fanIn + 1));
      for (let k = 0; k < count; k++) deps.add(`v${Math.floor(random() * i)}`);
      return { id: `v${i}`, type: "noop", ...(deps.size > 0 ? { dependsOn: [...deps] } : {}) };
    }),
  };
}

/** A chain of `length` `llm` nodes (the mock provider answers them when no API key is configured). */
export function llmChainSpec(name: string, length: number): Record<string, unknown> {
  return {
    name,
    nodes: Array.from({ length }, (_, i) => ({
      id: `s${i}`,
      type: "llm",
      prompt: `Step ${i} of ${name}: summarise what came before in one sentence.`,
      ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
    })),
  };
}
