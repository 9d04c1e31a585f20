// A worker process killed with SIGKILL mid-node costs one lease, never the graph.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { nodeTrail, TAKEN_OVER_TRAIL } from "../helpers/node-trail.js";

let h: Harness;
let victim: DagoProcess | undefined;
beforeAll(async () => {
  h = await createHarness({ engine: { leaseMs: 1000 } });
});
afterAll(async () => {
  victim?.child.kill("SIGKILL");
  await h.close();
});

it("runs the node again with attempt 2 on another worker after its worker was SIGKILLed", async () => {
  victim = spawnDago(["worker"], {
    DAGO_KEY_PREFIX: h.keyPrefix,
    DAGO_PARTITIONS: "4",
    DAGO_LEASE_MS: "1000",
    MOCK_LLM_LATENCY_MS: "600000",
    WORKER_POOL_SIZE: "2",
    DAGO_WORKER_ID: "victim",
  });
  const id = await h.submit({
    name: "survives-sigkill",
    nodes: [
      { id: "slow", type: "llm", prompt: "take your time" },
      { id: "after", type: "noop", dependsOn: ["slow"] },
    ],
  });
  await h.waitFor(id, (s) => s.nodes.slow?.status === "running" && s.nodes.slow.worker === "victim", 30_000);
  victim.child.kill("SIGKILL");
  expect(await victim.exited).toBe("SIGKILL");

  await h.startWorker({ id: "rescuer" });
  const state = await h.waitForEnd(id, 30_000);
  expect(state.status).toBe("succeeded");
  expect(state.nodes.slow).toMatchObject({ status: "succeeded", attempt: 2, worker: "rescuer" });

  const events = await h.events(id);
  expect(nodeTrail(events, "slow")).toEqual(TAKEN_OVER_TRAIL);
  const lost = events.find((e) => e.nodeId === "slow" && e.type === "NodeRetrying");
  expect(lost?.data.error).toMatchObject({ code: "lease_expired" });
  // No transition applied twice: each node completes exactly once.
  expect(events.filter((e) => e.type === "NodeCompleted").map((e) => e.nodeId)).toEqual(["slow", "after"]);
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(folded).toEqual(stored);
});
