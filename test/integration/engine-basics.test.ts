import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => h.close());

describe("engine basics", () => {
  it("runs a diamond graph to succeeded with outputs, and fold(events) equals the projection", async () => {
    const id = await h.submit({
      name: "diamond",
      input: { topic: "Redis Streams" },
      nodes: [
        { id: "outline", type: "llm", prompt: "Outline {{input.topic}}" },
        { id: "a", type: "llm", dependsOn: ["outline"], prompt: "A of {{nodes.outline.output}}" },
        { id: "b", type: "llm", dependsOn: ["outline"], prompt: "B of {{nodes.outline.output}}" },
        { id: "final", type: "noop", dependsOn: ["a", "b"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.outline?.output).toMatch(/Outline Redis Streams/);
    expect(state.nodes.a?.output).toMatch(/A of Mock response/);
    expect(state.nodes.final?.status).toBe("succeeded");
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });
});
