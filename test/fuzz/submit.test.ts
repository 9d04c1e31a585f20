// Specs through the service with workers running (real engine, private Redis): every input is either refused with a
// validation_failed DagoError listing its issues, or accepted and then run to a terminal state whose stored history
// folds into the stored projection. Nothing else may come out of submit, and nothing may reach the prototypes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { DagoError } from "../../internal/errors/index.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, valueExecutor } from "../helpers/test-executors.js";
import {
  anySpecArb,
  hostileSpecArb,
  PROTOTYPE_NAMES,
  plainObject,
  validSpecArb,
} from "./spec-arbitraries.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ timerIntervalMs: 20 });
  await h.startWorker({ executors: [failingExecutor(), valueExecutor()], poolSize: 8 });
});

afterAll(async () => {
  await h?.close();
  expect(Object.keys(Object.prototype)).toEqual([]);
});

type Outcome = { accepted: true; graphId: string } | { accepted: false; error: DagoError };

/** Submits and classifies: anything but a graph id or a validation_failed DagoError fails the test. */
async function submit(spec: unknown): Promise<Outcome> {
  try {
    return { accepted: true, graphId: await h.submit(spec) };
  } catch (err) {
    expect(err).toBeInstanceOf(DagoError);
    const error = err as DagoError;
    expect(error.code, error.message).toBe("validation_failed");
    expect(error.details.length).toBeGreaterThan(0);
    for (const detail of error.details) {
      expect(typeof detail.code).toBe("string");
      expect(typeof detail.message).toBe("string");
    }
    return { accepted: false, error };
  }
}

async function expectRunsToTheEnd(graphId: string): Promise<void> {
  const state = await h.waitForEnd(graphId, 30_000);
  expect(TERMINAL_GRAPH_STATUSES.has(state.status)).toBe(true);
  const { folded, stored } = await h.expectFoldMatches(graphId);
  expect(folded).toEqual(stored);
}

describe("any spec through the service", () => {
  it("is refused with validation_failed, or accepted and run to a terminal state", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(anySpecArb(5), async (spec) => {
        const outcome = await submit(spec);
        if (outcome.accepted) {
          accepted++;
          await expectRunsToTheEnd(outcome.graphId);
        }
      }),
      { numRuns: 60 },
    );
    // Half the generated specs are well-formed by construction: a run that accepts none tests nothing.
    expect(accepted).toBeGreaterThan(10);
  });

  it("well-formed specs are always accepted and always end", async () => {
    await fc.assert(
      fc.asyncProperty(validSpecArb(6), async (spec) => {
        const outcome = await submit(spec);
        expect(outcome.accepted, outcome.accepted ? "" : JSON.stringify(outcome.error.details)).toBe(true);
        if (outcome.accepted) await expectRunsToTheEnd(outcome.graphId);
      }),
      { numRuns: 25 },
    );
  });

  it("hostile specs never get past validation with anything but validation_failed", async () => {
    await fc.assert(
      fc.asyncProperty(hostileSpecArb(6), async (spec) => {
        const outcome = await submit(spec);
        if (outcome.accepted) await expectRunsToTheEnd(outcome.graphId);
      }),
      { numRuns: 60 },
    );
  });
});

describe("named cases", () => {
  it("ids named after prototype members run like any other, and conditions on them read data only", async () => {
    const ids = [...PROTOTYPE_NAMES];
    const nodes = ids.map((id, i) => ({
      id,
      type: i % 2 === 0 ? "value" : "llm",
      ...(i % 2 === 0
        ? {
            value: plainObject([
              ["constructor", id],
              ["__proto__", plainObject([["polluted", true]])],
            ]),
          }
        : {}),
      ...(i % 2 === 1
        ? { prompt: `{{ nodes.${ids[i - 1]}.output.constructor }} {{ input.__proto__ }}` }
        : {}),
      ...(i > 0 ? { dependsOn: [ids[i - 1]] } : {}),
      ...(i > 0 ? { when: `nodes.${ids[i - 1]}.output.__proto__ == null || true` } : {}),
    }));
    const input = plainObject([
      ["topic", "x"],
      ["__proto__", "own"],
    ]);
    const spec = { name: "protos", input, nodes };
    const outcome = await submit(spec);
    expect(outcome.accepted).toBe(true);
    if (!outcome.accepted) return;
    const state = await h.waitForEnd(outcome.graphId);
    expect(state.status).toBe("succeeded");
    expect(Object.keys(state.nodes).sort()).toEqual([...ids].sort());
    // The llm node after "__proto__" rendered that output's own "constructor" field and the input's own
    // "__proto__" key: data, never what the prototypes hold.
    const outputs = new Map(Object.entries(state.nodes).map(([id, node]) => [id, node.output]));
    expect(outputs.get("constructor")).toMatch(/to: __proto__ own$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a 1,000-node chain runs to its end; a 100,000-node graph is refused by the node limit", async () => {
    const chain = Array.from({ length: 1000 }, (_, i) =>
      i === 0 ? { id: "n0", type: "noop" } : { id: `n${i}`, type: "noop", dependsOn: [`n${i - 1}`] },
    );
    const outcome = await submit({ name: "chain", nodes: chain });
    expect(outcome.accepted).toBe(true);
    if (outcome.accepted) {
      const state = await h.waitForEnd(outcome.graphId, 120_000);
      expect(state.status).toBe("succeeded");
    }
    const huge = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, type: "noop" }));
    const refused = await submit({ name: "huge", nodes: huge });
    expect(refused.accepted).toBe(false);
    if (!refused.accepted) {
      expect(refused.error.details.map((d) => d.code)).toEqual(["too_many_nodes"]);
    }
  });

  it("every graph left in Redis is whole", async () => {
    expect((await expectGraphsWhole(h.redis, h.keyPrefix)).size).toBeGreaterThan(10);
  });
});
