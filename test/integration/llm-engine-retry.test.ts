// The engine side of provider faults, through any executor: a failure's least delay (retryAfterMs) and deferrals
// (retries that spend no retry budget, bounded per node), with the fold matching the projection throughout.
import { afterEach, describe, expect, it } from "vitest";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function throwing(type: string, error: (ctx: ExecutionContext) => Error): Executor {
  return {
    type,
    async execute(ctx) {
      throw error(ctx);
    },
  };
}

describe("failure hints", () => {
  it("waits at least retryAfterMs even when the back-off is shorter", async () => {
    harness = await createHarness({ engine: { maxDeferrals: 5 } });
    await harness.startWorker({
      executors: [
        {
          type: "limited",
          async execute(ctx) {
            if (ctx.attempt === 1)
              throw new NodeExecutionError("busy", "come back later", { retryAfterMs: 700 });
            return "ok";
          },
        },
      ],
    });
    const id = await harness.submit({
      name: "retry-after",
      nodes: [{ id: "a", type: "limited", retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 } }],
    });
    const state = await harness.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    const retrying = (await harness.events(id)).find((e) => e.type === "NodeRetrying");
    expect(retrying?.data).toMatchObject({ retryAfterMs: 700, delayMs: 700, failures: 1 });
    const { folded, stored } = await harness.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("defers without spending the retry budget, up to the node's deferral limit", async () => {
    harness = await createHarness({ engine: { maxDeferrals: 2 } });
    await harness.startWorker({
      executors: [
        throwing(
          "deferring",
          () => new NodeExecutionError("provider_down", "not even tried", { defer: true, retryAfterMs: 20 }),
        ),
      ],
    });
    const id = await harness.submit({
      name: "deferrals",
      nodes: [{ id: "a", type: "deferring", retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 } }],
    });
    const state = await harness.waitForEnd(id);
    expect(state.status).toBe("failed");
    // Two free deferrals, then the two attempts the policy allows.
    expect(state.nodes.a).toMatchObject({ status: "failed", attempt: 4, failures: 2 });
    const retrying = (await harness.events(id)).filter((e) => e.type === "NodeRetrying");
    expect(retrying.map((e) => [e.data.deferred ?? false, e.data.failures])).toEqual([
      [true, 0],
      [true, 0],
      [false, 1],
    ]);
    const { folded, stored } = await harness.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("records a custom executor's usage report on the node and the graph", async () => {
    harness = await createHarness();
    await harness.startWorker({
      executors: [
        {
          type: "metered",
          async execute(ctx) {
            ctx.recordUsage({
              provider: "in-house",
              model: "m-1",
              usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 },
              costUsd: 0.25,
            });
            // Garbage is coerced, never stored as is.
            ctx.recordUsage({
              provider: "in-house",
              model: "m-2",
              usage: {
                inputTokens: Number.NaN,
                outputTokens: "7" as unknown as number,
                cacheReadTokens: -1,
                cacheWriteTokens: 1.6,
              },
              costUsd: Number.POSITIVE_INFINITY,
            });
            return "done";
          },
        },
      ],
    });
    const id = await harness.submit({ name: "metered", nodes: [{ id: "a", type: "metered" }] });
    const state = await harness.waitForEnd(id);
    expect(state.nodes.a).toMatchObject({
      usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 2 },
      costUsd: 0.25,
      model: "m-2",
      provider: "in-house",
    });
    expect(state.costUsd).toBe(0.25);
    const { folded, stored } = await harness.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });
});
