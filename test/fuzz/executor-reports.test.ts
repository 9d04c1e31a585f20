// Executors are plug-ins, and what they report comes from elsewhere (a provider's error text, a model name in a
// remote answer). Whatever text an executor throws or reports, the node must still end and the graph stay whole:
// the worker hands Redis only well-formed text, since Redis' JSON decoder refuses unpaired surrogates.
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { UNPAIRED_SURROGATES } from "./spec-arbitraries.js";

let h: Harness;
/** Texts handed to the executors, by node id: validation keeps such text out of specs. */
const texts = new Map<string, string>();

const throwing: Executor = {
  type: "throws",
  async execute(ctx: ExecutionContext) {
    throw new NodeExecutionError("planned", texts.get(ctx.nodeId) ?? "", { retryable: false });
  },
};

const reporting: Executor = {
  type: "reports",
  async execute(ctx: ExecutionContext) {
    const text = texts.get(ctx.nodeId) ?? "";
    ctx.recordUsage({
      provider: text,
      model: text,
      usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
      costUsd: 0,
    });
    return "done";
  },
};

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [throwing, reporting] });
});

afterAll(async () => {
  await h?.close();
});

// An astral character (two UTF-16 units) placed across every cut the worker makes: error messages at 4000
// units, provider names at 64, model names at 200.
const straddling = [63, 199, 3999].map((at) => `${"x".repeat(at)}😀 and more`);

it("whatever text an executor throws or reports, its node ends and the graph stays whole", async () => {
  const text = fc.oneof(
    fc.constantFrom(...UNPAIRED_SURROGATES, ...straddling),
    fc.string({ unit: "binary" }),
  );
  let run = 0;
  await fc.assert(
    fc.asyncProperty(text, fc.constantFrom("throws", "reports"), async (message, type) => {
      const nodeId = `n${++run}`;
      texts.set(nodeId, message);
      const graphId = await h.submit({ name: "reports", nodes: [{ id: nodeId, type }] });
      const state = await h.waitForEnd(graphId, 15_000);
      expect(state.status).toBe(type === "throws" ? "failed" : "succeeded");
    }),
    { numRuns: 40 },
  );
  await expectGraphsWhole(h.redis, h.keyPrefix);
});
