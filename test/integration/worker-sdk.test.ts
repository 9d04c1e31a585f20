// The worker SDK as a user runs it: their own executor for a custom node type, configured from the environment.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../../pkg/worker.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";

let h: Harness;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await worker?.stop(1000);
  await h.close();
});

it("runs a custom node type on a worker started with startWorker()", async () => {
  worker = await startWorker({
    env: {
      REDIS_URL: `redis://127.0.0.1:${testRedisPort()}`,
      DAGO_KEY_PREFIX: h.keyPrefix,
      DAGO_PARTITIONS: "4",
      LOG_LEVEL: "error",
      LOG_FORMAT: "json",
    },
    poolSize: 2,
    executors: [
      {
        type: "shout",
        async execute(ctx) {
          return ctx.render(String(ctx.node.text)).toUpperCase();
        },
      },
    ],
  });
  expect(worker.id).not.toBe("");
  const id = await h.submit({
    name: "sdk",
    input: { who: "world" },
    nodes: [{ id: "greet", type: "shout", text: "hello {{input.who}}" }],
  });
  const state = await h.waitForEnd(id);
  expect(state.status).toBe("succeeded");
  expect(state.nodes.greet).toMatchObject({ output: "HELLO WORLD", worker: worker.id });
  const workers = await h.service.workers();
  expect(workers.find((w) => w.id === worker?.id)).toMatchObject({
    poolSize: 2,
    nodeTypes: ["llm", "noop", "shout"],
  });
});
