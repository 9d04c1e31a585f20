// A node with several dependencies counts its unresolved ones in a counter (the kids hash), not in its JSON
// state; graphs stored before that keep counting in the state. Either way it starts once, after the last one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { graphKeys } from "../../internal/store/keys.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { flakyExecutor, valueExecutor } from "../helpers/test-executors.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

/** The join started once, after every one of its dependencies' last NodeCompleted or NodeSkipped. */
function expectStartedAfterDependencies(events: GraphEvent[], join: string, deps: string[]): void {
  const starts = events.flatMap((e, i) => (e.type === "NodeStarted" && e.nodeId === join ? [i] : []));
  expect(starts).toHaveLength(1);
  for (const dep of deps) {
    const resolved = events.findLastIndex(
      (e) => e.nodeId === dep && (e.type === "NodeCompleted" || e.type === "NodeSkipped"),
    );
    expect(resolved).toBeGreaterThanOrEqual(0);
    expect(resolved).toBeLessThan(starts[0] as number);
  }
}

async function expectConsistent(id: string): Promise<void> {
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(folded).toEqual(stored);
}

describe("a node with several dependencies", () => {
  it("starts after the last one when one is skipped by its condition and one runs again after a retry", async () => {
    const pool = await h.startWorker({ executors: [flakyExecutor(), valueExecutor()], poolSize: 4 });
    const id = await h.submit({
      name: "join",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "value", value: false },
        { id: "c", type: "noop", dependsOn: ["b"], when: "nodes.b.output == true" },
        { id: "d", type: "flaky", failures: 1, retry: { maxAttempts: 1 } },
        { id: "join", type: "noop", dependsOn: ["a", "c", "d"] },
      ],
    });
    const failed = await h.waitForEnd(id);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.join?.status).toBe("cancelled");

    await h.service.retryNode("default", id, "d");
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.c?.status).toBe("skipped");
    expect(state.nodes.d).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(state.nodes.join?.status).toBe("succeeded");
    expectStartedAfterDependencies(await h.events(id), "join", ["a", "c", "d"]);
    await expectConsistent(id);
    await pool.stop(0);
  });

  it("still counts in its state in a graph stored without counters", async () => {
    const width = 5;
    const deps = Array.from({ length: width }, (_, i) => `p${i}`);
    // Submitted with no worker running, then rewritten as a graph written before counters existed.
    const id = await h.submit({
      name: "stored-before",
      nodes: [
        ...deps.map((dep) => ({ id: dep, type: "noop" })),
        { id: "join", type: "noop", dependsOn: deps },
      ],
    });
    const kids = graphKeys(h.keyPrefix, id).kids;
    const fields = await h.redis.hgetall(kids);
    expect(fields["join#w"]).toBe(String(width));
    for (const dep of deps) expect(fields[dep]).toBe("join*");
    await h.redis.hdel(kids, "join#w");
    for (const dep of deps) await h.redis.hset(kids, dep, "join");

    const pool = await h.startWorker({ poolSize: 2 });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expectStartedAfterDependencies(await h.events(id), "join", deps);
    await expectConsistent(id);
    await pool.stop(0);
  });
});
