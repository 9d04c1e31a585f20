// A retried node makes an ended graph live again: under DAGO_TENANT_MAX_ACTIVE_GRAPHS it takes a slot like a
// new submission, and is refused with too_many_active_graphs when the tenant is at its cap.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_SERVICE_LIMITS, GraphService } from "../../internal/service/graph-service.js";
import { ActiveGraphLimit } from "../../internal/store/quota/index.js";
import { StoreConnection } from "../../internal/store/store-connection.js";
import { WorkerRegistry } from "../../internal/store/worker-registry.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, sleepExecutor } from "../helpers/test-executors.js";

let h: Harness;
let service: GraphService;
beforeAll(async () => {
  h = await createHarness();
  service = new GraphService({
    store: h.engine,
    connection: new StoreConnection(h.redis),
    workers: new WorkerRegistry(h.redis, h.keyPrefix),
    limits: { ...DEFAULT_SERVICE_LIMITS, maxEventsPage: 1000, maxListPage: 500 },
    activeGraphs: new ActiveGraphLimit(h.redis, h.keyPrefix, 1),
  });
  await h.startWorker({ executors: [failingExecutor(), sleepExecutor()] });
});
afterAll(async () => {
  await h.close();
});

it("counts a retried graph against the cap, and lets it in once a slot is free", async () => {
  const failed = await service.submit("t", {
    name: "fails",
    nodes: [{ id: "x", type: "failing", retry: { maxAttempts: 1 } }],
  });
  expect((await h.waitForEnd(failed.graph.id)).status).toBe("failed");
  // The failed graph gave its slot back: a long one takes it.
  const long = await service.submit("t", { name: "long", nodes: [{ id: "s", type: "sleep" }] });
  await expect(service.retryNode("t", failed.graph.id, "x")).rejects.toMatchObject({
    code: "too_many_active_graphs",
  });
  expect((await h.engine.getState(failed.graph.id))?.status).toBe("failed");

  await service.cancel("t", long.graph.id);
  await service.retryNode("t", failed.graph.id, "x");
  // The retry ran: the node had a second attempt (which fails again, as this executor always does).
  await h.waitFor(failed.graph.id, (s) => (s.nodes.x?.attempt ?? 0) >= 2);
});
