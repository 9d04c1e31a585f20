// A node's `prompt` or `system` as the llm executor sent it: rendered with the domain's own template code, the
// graph's input and the outputs of the upstream nodes it reads. That is exactly what was sent, because a node
// starts only once every node it reads has succeeded (or was skipped by its own condition), and such a node is
// never reset: a retry by hand resets only failed, cancelled and upstream-failed nodes. Until then the text
// cannot be known, and the result says which nodes it waits for.
import type { ConditionScope } from "../../../internal/domain/path.js";
import type { GraphState, NodeState } from "../../../internal/domain/state.js";
import { parseTemplate, renderTemplate } from "../../../internal/domain/template.js";

export type RenderedPrompt =
  | { kind: "rendered"; text: string }
  | { kind: "waiting"; upstream: string[] }
  | { kind: "invalid"; message: string };

/** The states in which a node's output (or its absence) is final and its dependents may run. */
function settled(node: NodeState | undefined): boolean {
  return node?.status === "succeeded" || (node?.status === "skipped" && node.skipReason === "condition");
}

export function renderPrompt(template: string, graph: Pick<GraphState, "input" | "nodes">): RenderedPrompt {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return { kind: "invalid", message: parsed.message };
  const upstream = parsed.template.refs.nodes;
  const waiting = upstream.filter((id) => !settled(graph.nodes[id]));
  if (waiting.length > 0) return { kind: "waiting", upstream: waiting };
  // As the worker builds it: only the nodes the template reads, a missing output as null.
  const scope: ConditionScope = { input: graph.input, nodes: Object.create(null) };
  for (const id of upstream) {
    const node = graph.nodes[id] as NodeState;
    scope.nodes[id] = { output: node.output === undefined ? null : node.output, status: node.status };
  }
  return { kind: "rendered", text: renderTemplate(parsed.template, scope) };
}
