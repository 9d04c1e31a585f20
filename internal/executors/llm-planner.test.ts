import { describe, expect, it } from "vitest";
import { planSettings } from "../domain/planner.js";
import { isPatchedOutput } from "../worker/executor.js";
import { asPlanningRequest, mockPlan, plannedOutput } from "./llm-planner.js";

const plan = { plannerId: "p", settings: planSettings({ maxNodes: 2, attachTo: ["final"] }) };
const base = { model: "m", prompt: "Plan it", maxTokens: 100, system: "Be brief." };

describe("planning requests", () => {
  it("asks for the plan's schema, keeps the node's system prompt and adds the rules", () => {
    const request = asPlanningRequest(base, plan);
    expect(request.outputSchema).toMatchObject({ required: ["nodes"] });
    expect(request.system).toMatch(/^Be brief\.\n\nPlan the work/);
    expect(request.system).toContain('id: starts with "p-"');
    expect(request.prompt).toBe("Plan it");
  });

  it("quotes the previous attempt's problems only when they were a bad plan", () => {
    const invalid = {
      code: "llm_invalid_plan",
      message: "the plan has a cycle: p-a -> p-a",
      retryable: true,
    };
    expect(asPlanningRequest(base, plan, invalid).prompt).toBe(
      "Plan it\n\nYour previous plan was invalid: the plan has a cycle: p-a -> p-a\nGive a corrected plan.",
    );
    const timeout = { code: "llm_timeout", message: "no answer", retryable: true };
    expect(asPlanningRequest(base, plan, timeout).prompt).toBe("Plan it");
  });
});

describe("planned output", () => {
  it("is the plan as the model gave it, with its patch", () => {
    const answer = { nodes: [{ id: "p-a", type: "noop", extra: 1 }] };
    const out = plannedOutput(`\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``, "end_turn", plan);
    expect(isPatchedOutput(out)).toBe(true);
    expect(out.output).toEqual(answer);
    expect(out.source).toBe("planner");
    expect(out.patch).toEqual({
      addNodes: [{ id: "p-a", type: "noop", dependsOn: ["p"] }],
      addDependencies: [{ node: "final", dependsOn: ["p-a"] }],
    });
  });

  it("fails as a retryable llm_invalid_plan, saying when the answer was cut", () => {
    expect(() => plannedOutput('{"nodes": [', "max_tokens", plan)).toThrow(
      expect.objectContaining({
        code: "llm_invalid_plan",
        retryable: true,
        message: expect.stringMatching(/raise maxTokens/),
      }),
    );
    expect(() => plannedOutput('{"nodes": [{"id": "x", "type": "llm"}]}', "end_turn", plan)).toThrow(
      /must start with "p-".*needs a prompt/,
    );
  });

  it("quotes at most 20 problems and counts the rest", () => {
    const nodes = Array.from({ length: 25 }, (_, i) => ({ id: `x${i}`, type: "noop" }));
    const wide = { plannerId: "p", settings: planSettings({ maxNodes: 30 }) };
    expect(() => plannedOutput(JSON.stringify({ nodes }), "end_turn", wide)).toThrow(/x19.*; and 5 more$/);
  });

  it("the mock's plan fits its maxNodes and is valid", () => {
    expect(mockPlan(plan, "topic")).toEqual({
      nodes: [
        { id: "p-step1", type: "llm", dependsOn: [], prompt: "Step 1 of the plan for: topic" },
        { id: "p-step2", type: "llm", dependsOn: [], prompt: "Step 2 of the plan for: topic" },
      ],
    });
    expect(() => plannedOutput(JSON.stringify(mockPlan(plan, "topic")), "end_turn", plan)).not.toThrow();
  });
});
