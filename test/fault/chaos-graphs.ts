// Random graph shapes for the chaos run, from a seeded generator so a failing run can be replayed
// (DAGO_CHAOS_SEED). Every graph is a DAG of `noop` and mock `llm` nodes, some behind a `when` on the input, some
// naming a provider no worker has (they fail at once, without a retry), so each graph has one right end state
// that the run can check: succeeded, or failed by one of its failing nodes (unless it was cancelled).

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChaosGraph {
  spec: { name: string; input: { flag: boolean }; nodes: Array<Record<string, unknown>> };
  /** The status the graph ends in when nobody cancels it. */
  expected: "succeeded" | "failed";
  /** Nodes that fail when they run; without continueOnFailure one of them fails the graph. */
  failing: string[];
}

export function randomGraph(random: () => number, index: number): ChaosGraph {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = 1 + Math.floor(random() * 8);
  const flag = random() < 0.5;
  const nodes: Array<Record<string, unknown>> = [];
  const failing: string[] = [];
  // Nodes downstream of a failed continueOnFailure node are skipped, so they never run, fail or fail the graph.
  const skippedUpstream = new Set<string>();
  let fatal = false;
  for (let i = 0; i < count; i++) {
    const id = `n${i}`;
    const dependsOn = nodes.map((n) => n.id as string).filter(() => random() < 0.35);
    const node: Record<string, unknown> = {
      id,
      dependsOn,
      retry: { maxAttempts: 3, backoffMs: 50, maxBackoffMs: 200 },
    };
    const skipped = dependsOn.some((dep) => skippedUpstream.has(dep) || isOptionalFailure(nodes, dep));
    if (skipped) skippedUpstream.add(id);
    const roll = random();
    if (roll < 0.06) {
      // A provider no worker is configured for: a non-retryable failure, as deterministic as a node can be.
      Object.assign(node, { type: "llm", provider: "openai-compatible", prompt: "unreachable" });
      failing.push(id);
      if (random() < 0.5) node.continueOnFailure = true;
      else if (!skipped) fatal = true;
    } else if (roll < 0.55) {
      const dep = dependsOn.length > 0 ? pick(dependsOn) : undefined;
      const prompt = dep ? `step ${i} after {{nodes.${dep}.output}}` : `step ${i} of graph ${index}`;
      Object.assign(node, { type: "llm", prompt });
    } else {
      node.type = "noop";
    }
    // A condition on a node that cannot fail: false makes it skipped by condition, and its dependents still run.
    if (!failing.includes(id) && random() < 0.2) node.when = pick(["input.flag == true", "!input.flag"]);
    nodes.push(node);
  }
  return {
    spec: { name: `chaos-${index}`, input: { flag }, nodes },
    expected: fatal ? "failed" : "succeeded",
    failing,
  };
}

function isOptionalFailure(nodes: Array<Record<string, unknown>>, id: string): boolean {
  const node = nodes.find((n) => n.id === id);
  return node?.provider === "openai-compatible" && node.continueOnFailure === true;
}
