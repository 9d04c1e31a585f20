// llm planners (`plan` on an llm node): the model's plan is checked, added to the graph with the planner's
// completion, and the attached node waits for it. A plan that is not valid is retried with its problems in the
// prompt. Over the real Anthropic SDK against a fake Messages API, and on the offline mock model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { FakeOpenAiServer } from "../helpers/fake-openai-server.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { anthropicStackForSuite, fastRetry, type LlmStack, startLlmStack } from "./llm-stack.js";

function indexOf(events: GraphEvent[], type: GraphEvent["type"], nodeId: string): number {
  return events.findIndex((e) => e.type === type && e.nodeId === nodeId);
}

const PLAN = { allowTypes: ["llm", "noop"], maxNodes: 5, attachTo: ["final"] };

function plannerGraph(name: string) {
  return {
    name,
    input: { topic: "Redis" },
    nodes: [
      {
        id: "plan",
        type: "llm",
        prompt: "Plan a report on {{input.topic}}",
        plan: PLAN,
        retry: fastRetry(3),
      },
      { id: "final", type: "llm", dependsOn: ["plan"], prompt: "Put the report together" },
    ],
  };
}

const VALID_PLAN = {
  nodes: [
    { id: "plan-intro", type: "llm", prompt: "Write the intro on {{input.topic}}" },
    {
      id: "plan-body",
      type: "llm",
      prompt: "Go on from {{nodes.plan-intro.output}}",
      dependsOn: ["plan-intro"],
    },
    { id: "plan-check", type: "noop", dependsOn: ["plan-intro"] },
  ],
};

describe("an llm planner on Anthropic", () => {
  const s = anthropicStackForSuite({ LLM_BREAKER_FAILURES: "0" });

  it("repairs an invalid plan with its problems in the next prompt, then runs the plan before final", async () => {
    const { fake, stack } = s;
    fake.requests.length = 0;
    fake.enqueue(
      {
        kind: "answer",
        json: {
          nodes: [
            { id: "plan-a", type: "map", prompt: "A", dependsOn: ["plan-b"] },
            { id: "plan-b", type: "llm", prompt: "B", dependsOn: ["plan-a"] },
          ],
        },
      },
      { kind: "answer", json: VALID_PLAN },
    );
    const id = await stack.submit(plannerGraph("plan-repaired"));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.attempt).toBe(2);
    expect(state.nodes.plan?.output).toEqual(VALID_PLAN);
    expect(state.nodes.final?.dependsOn).toEqual(["plan", "plan-body", "plan-check"]);
    expect(state.nodes["plan-intro"]?.dependsOn).toEqual(["plan"]);
    expect(state.nodes["plan-body"]?.output).toMatch(/^Echo: Go on from Echo: Write the intro on Redis/);

    // The plan is asked for as a forced tool call whose schema is the plan's, with the rules in the system prompt.
    const planning = fake.requests.filter((r) => r.body.tool_choice !== undefined);
    expect(planning).toHaveLength(2);
    expect(planning[0]?.body).toMatchObject({
      tool_choice: { type: "tool", name: "respond" },
      tools: [{ name: "respond", input_schema: { required: ["nodes"] } }],
    });
    expect(String(planning[0]?.body.system)).toContain('starts with "plan-"');
    const firstPrompt = JSON.stringify(planning[0]?.body.messages);
    expect(firstPrompt).not.toContain("previous plan");
    const retryPrompt = JSON.stringify(planning[1]?.body.messages);
    expect(retryPrompt).toContain("Your previous plan was invalid");
    expect(retryPrompt).toContain('\\"map\\" is not allowed');

    const events = await stack.events(id);
    const retrying = events.find((e) => e.type === "NodeRetrying" && e.nodeId === "plan");
    expect(retrying?.data).toMatchObject({ error: { code: "llm_invalid_plan", retryable: true } });
    const patched = events.findIndex((e) => e.type === "GraphPatched");
    expect(patched).toBe(indexOf(events, "NodeCompleted", "plan") + 1);
    expect(events[patched]?.data).toMatchObject({ source: "planner", by: "plan" });
    const finalStarted = indexOf(events, "NodeStarted", "final");
    for (const planned of ["plan-intro", "plan-body", "plan-check"]) {
      expect(indexOf(events, "NodeCompleted", planned)).toBeGreaterThan(patched);
      expect(indexOf(events, "NodeCompleted", planned)).toBeLessThan(finalStarted);
    }
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });

  it("retries a plan that does not fit the graph, with what the graph found wrong", async () => {
    const { fake, stack } = s;
    fake.requests.length = 0;
    fake.enqueue(
      {
        kind: "answer",
        json: { nodes: [{ id: "plan-a", type: "llm", prompt: "Read {{nodes.final.output}}" }] },
      },
      { kind: "answer", json: { nodes: [{ id: "plan-a", type: "noop" }] } },
    );
    const id = await stack.submit(plannerGraph("plan-does-not-fit"));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.attempt).toBe(2);
    expect(state.nodes.final?.dependsOn).toEqual(["plan", "plan-a"]);
    const retryPrompt = JSON.stringify(fake.requests[1]?.body.messages);
    expect(retryPrompt).toContain("the plan does not fit the graph");
    expect(retryPrompt).toContain("non_upstream_reference");
  });

  it("makes the patch again from a cached plan", async () => {
    const { fake, stack } = s;
    fake.requests.length = 0;
    fake.enqueue({ kind: "answer", json: VALID_PLAN });
    const cached = (name: string) => {
      const graph = plannerGraph(name);
      return { ...graph, nodes: [{ ...graph.nodes[0], cache: true }, graph.nodes[1]] };
    };
    const first = await stack.waitForEnd(await stack.submit(cached("plan-cached-1")));
    const second = await stack.waitForEnd(await stack.submit(cached("plan-cached-2")));
    expect([first.status, second.status]).toEqual(["succeeded", "succeeded"]);
    expect(fake.requests.filter((r) => r.body.tool_choice !== undefined)).toHaveLength(1);
    expect(second.nodes.plan?.cacheHit).toBe(true);
    expect(second.nodes.plan?.output).toEqual(VALID_PLAN);
    expect(second.nodes.final?.dependsOn).toEqual(["plan", "plan-body", "plan-check"]);
    expect(second.nodes["plan-body"]?.status).toBe("succeeded");
  });

  it("fails the planner when every attempt's plan is invalid, and adds nothing", async () => {
    const { fake, stack } = s;
    const bad = { kind: "answer" as const, json: { nodes: [{ id: "other", type: "noop" }] } };
    fake.enqueue(bad, bad, bad);
    const id = await stack.submit(plannerGraph("plan-never-valid"));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("failed");
    expect(state.nodes.plan?.attempt).toBe(3);
    expect(state.nodes.plan?.error).toMatchObject({ code: "llm_invalid_plan", retryable: true });
    expect(state.nodes.plan?.error?.message).toMatch(/must start with "plan-"/);
    expect(Object.keys(state.nodes).sort()).toEqual(["final", "plan"]);
  });
});

describe("an llm planner on an OpenAI-compatible server", () => {
  let openai: FakeOpenAiServer;
  let stack: LlmStack;
  beforeAll(async () => {
    openai = await new FakeOpenAiServer().start();
    const wiring = { LLM_PROVIDER: "openai-compatible", LLM_BASE_URL: `${openai.url}/v1` };
    stack = await startLlmStack(wiring, [openai]);
  });
  afterAll(async () => stack?.close());

  it("asks for the plan as JSON in the system prompt and takes it from a fenced answer", async () => {
    openai.enqueue({ kind: "answer", text: `\`\`\`json\n${JSON.stringify(VALID_PLAN)}\n\`\`\`` });
    const id = await stack.submit(plannerGraph("plan-openai"));
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.output).toEqual(VALID_PLAN);
    expect(state.nodes.final?.dependsOn).toEqual(["plan", "plan-body", "plan-check"]);
    const messages = openai.requests[0]?.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain('id: starts with "plan-"');
    expect(messages[0]?.content).toContain("Answer with one JSON value");
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
  });
});

describe("an llm planner on the mock model", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker({ poolSize: 4 });
  });
  afterAll(async () => h.close());

  it("plans two steps and a join, and final runs after the join", async () => {
    const id = await h.submit({
      name: "mock-plan",
      nodes: [
        { id: "plan", type: "llm", prompt: "Plan", plan: PLAN },
        { id: "final", type: "noop", dependsOn: ["plan"] },
      ],
    });
    const state = await h.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.final?.dependsOn).toEqual(["plan", "plan-step3"]);
    expect(state.nodes["plan-step3"]?.dependsOn).toEqual(["plan-step1", "plan-step2"]);
    expect(state.nodes["plan-step1"]?.output).toMatch(/Step 1 of the plan for: Plan/);
    const events = await h.events(id);
    expect(events.find((e) => e.type === "GraphPatched")?.data).toMatchObject({
      source: "planner",
      by: "plan",
    });
    expect(indexOf(events, "NodeCompleted", "plan-step3")).toBeLessThan(
      indexOf(events, "NodeReady", "final"),
    );
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("leaves every planned graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
