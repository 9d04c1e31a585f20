import { describe, expect, it } from "vitest";
import type { NodeState } from "../../../internal/domain/state.js";
import { renderPrompt } from "./rendered-prompt.js";

const node = (id: string, fields: Partial<NodeState>): NodeState => ({
  id,
  type: "llm",
  status: "pending",
  attempt: 0,
  failures: 0,
  dependsOn: [],
  ...fields,
});

describe("rendered prompt", () => {
  it("renders the template with the graph input and the upstream outputs, as the worker does", () => {
    const graph = {
      input: { topic: "event sourcing", n: 3 },
      nodes: {
        outline: node("outline", { status: "succeeded", output: "1. Events\n2. Folds" }),
        facts: node("facts", { status: "succeeded", output: { points: ["a", "b"] } }),
        maybe: node("maybe", { status: "skipped", skipReason: "condition" }),
      },
    };
    const result = renderPrompt(
      "Review {{ nodes.outline.output }} on {{input.topic}} ({{input.n}}, {{input.missing}}) " +
        "{{nodes.facts.output.points}} [{{nodes.maybe.output}}|{{nodes.maybe.status}}] \\{{input.topic}}",
      graph,
    );
    expect(result).toEqual({
      kind: "rendered",
      text: 'Review 1. Events\n2. Folds on event sourcing (3, ) ["a","b"] [|skipped] {{input.topic}}',
    });
  });

  it("cannot render before every node it reads has succeeded, and says which it waits for", () => {
    const graph = {
      input: {},
      nodes: {
        a: node("a", { status: "running", attempt: 2 }),
        b: node("b", { status: "succeeded", output: "x" }),
        c: node("c", { status: "failed" }),
      },
    };
    expect(renderPrompt("{{nodes.a.output}} {{nodes.b.output}} {{nodes.c.output}}", graph)).toEqual({
      kind: "waiting",
      upstream: ["a", "c"],
    });
  });

  it("reports a template that does not parse", () => {
    expect(renderPrompt("{{ input.", { input: {}, nodes: {} }).kind).toBe("invalid");
  });
});
