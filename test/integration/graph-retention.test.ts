// DAGO_RETENTION_SECONDS: every key of an ended graph expires after the retention; a retried node makes the
// graph live again, and then none of its keys may expire under it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { graphKeys } from "../../internal/store/keys.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor } from "../helpers/test-executors.js";

const RETENTION = 600;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ engine: { retentionSeconds: RETENTION } });
});
afterAll(async () => {
  await h.close();
});

/** The TTL of each of the graph's keys: -1 for a key that does not expire, -2 for one that is missing. */
async function ttls(graphId: string): Promise<Record<string, number>> {
  const { meta, nodes, spec, kids, out, events } = graphKeys(h.keyPrefix, graphId);
  const keys = { meta, nodes, spec, kids, out, events };
  const result: Record<string, number> = {};
  for (const [name, key] of Object.entries(keys)) result[name] = await h.redis.ttl(key);
  return result;
}

it("expires every key of an ended graph after the retention, and keeps them all again once a node is retried", async () => {
  const worker = await h.startWorker({ executors: [failingExecutor()] });
  // A dependent gives the graph a children hash; the noop's output gives it an outputs hash.
  const graphId = await h.submit({
    name: "retained",
    nodes: [
      { id: "first", type: "noop" },
      { id: "x", type: "failing", dependsOn: ["first"], retry: { maxAttempts: 1 } },
    ],
  });
  expect((await h.waitForEnd(graphId)).status).toBe("failed");
  for (const [name, ttl] of Object.entries(await ttls(graphId))) {
    expect(ttl, name).toBeGreaterThan(0);
    expect(ttl, name).toBeLessThanOrEqual(RETENTION);
  }

  // With no worker running, the retried node waits ready: the graph is live, and nothing of it may expire.
  await worker.stop(0);
  await h.service.retryNode("default", graphId, "x");
  expect(Object.values(await ttls(graphId))).toEqual([-1, -1, -1, -1, -1, -1]);
  await h.startWorker({ executors: [failingExecutor()] });
  expect((await h.waitForEnd(graphId)).status).toBe("failed");
  expect(Object.values(await ttls(graphId)).every((ttl) => ttl > 0)).toBe(true);
});
