// A planner and a map on Anthropic over the whole path: the planner's structured answer (the forced tool call of
// the real SDK, against the fake Messages API) is the list a map fans out over, one llm child per item, each
// calling the same fake with its own rendered prompt; a join reads the children's outputs in item order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { type LlmStack, startAnthropicStack } from "./llm-stack.js";

const PLAN_SCHEMA = {
  type: "object",
  required: ["sections"],
  properties: {
    sections: {
      type: "array",
      items: { type: "object", required: ["title"], properties: { title: { type: "string" } } },
    },
  },
};

const PLANNED = [{ title: "Streams" }, { title: "Lua scripts" }, { title: "Clusters" }, { title: "Leases" }];

let fake: FakeAnthropicServer;
let stack: LlmStack;

beforeAll(async () => {
  ({ fake, stack } = await startAnthropicStack({ LLM_BREAKER_FAILURES: "0" }));
});

afterAll(async () => {
  await stack?.close();
});

/** The last user message of a recorded Messages request: the rendered prompt. */
function promptOf(body: Record<string, unknown>): string {
  const messages = body.messages as Array<{ role: string; content: string }>;
  return String(messages.at(-1)?.content);
}

describe("a planner's list mapped over on Anthropic", () => {
  it("runs one llm child per planned item, each with its own prompt, and joins them in item order", async () => {
    fake.requests.length = 0;
    // Only the plan is scripted; every other request is echoed, so an answer shows which prompt it came from.
    fake.enqueue({ kind: "answer", json: { sections: PLANNED } });
    const id = await stack.submit({
      name: "plan-map-join",
      input: { topic: "dago" },
      nodes: [
        {
          id: "plan",
          type: "llm",
          prompt: "Plan the sections of a report on {{input.topic}}",
          outputSchema: PLAN_SCHEMA,
        },
        {
          id: "sections",
          type: "map",
          dependsOn: ["plan"],
          over: "nodes.plan.output.sections",
          concurrency: 2,
          node: {
            type: "llm",
            prompt: "Write section {{index}} on {{item.title}} for a report on {{input.topic}}",
            system: "Be brief.",
            maxTokens: 300,
          },
        },
        {
          id: "report",
          type: "llm",
          dependsOn: ["sections"],
          prompt: "Join: {{nodes.sections.output[0]}} | {{nodes.sections.output[3]}}",
        },
      ],
    });
    const state = await stack.waitForEnd(id);
    expect(state.status).toBe("succeeded");
    expect(state.nodes.plan?.output).toEqual({ sections: PLANNED });

    const expected = PLANNED.map((s, i) => `Write section ${i} on ${s.title} for a report on dago`);
    // The plan went out with the structured-output tool forced; each child's request carries its own prompt.
    const [planReq, ...rest] = fake.requests;
    expect(planReq?.body).toMatchObject({
      tools: [{ name: "respond", input_schema: PLAN_SCHEMA }],
      tool_choice: { type: "tool", name: "respond" },
    });
    expect(promptOf(planReq?.body ?? {})).toBe("Plan the sections of a report on dago");
    const childReqs = rest.slice(0, PLANNED.length);
    expect(childReqs.map((r) => promptOf(r.body)).sort()).toEqual([...expected].sort());
    for (const req of childReqs) {
      expect(req.body).toMatchObject({ system: "Be brief.", max_tokens: 300, stream: true });
      expect(req.body.tool_choice).toBeUndefined();
    }
    expect(fake.requests).toHaveLength(1 + PLANNED.length + 1);

    // Exactly one child per item, each answered with its own prompt, joined in item order.
    const children = Object.keys(state.nodes).filter((n) => n.startsWith("sections["));
    expect(children.sort()).toEqual(PLANNED.map((_, i) => `sections[${i}]`));
    expect(state.nodes.sections?.output).toEqual(expected.map((p) => `Echo: ${p}`));
    expect(state.nodes["sections[1]"]).toMatchObject({ status: "succeeded", provider: "anthropic" });
    expect(promptOf(fake.requests.at(-1)?.body ?? {})).toBe(
      `Join: Echo: ${expected[0]} | Echo: ${expected[3]}`,
    );

    const patches = (await stack.events(id)).filter((e) => e.type === "GraphPatched");
    expect(patches).toHaveLength(1);
    expect(patches[0]?.data).toMatchObject({ source: "map", by: "sections" });
    const { folded, stored } = await stack.foldAndProjection(id);
    expect(folded).toEqual(stored);
    await expectGraphsWhole(stack.redis, stack.keyPrefix);
  });
});
