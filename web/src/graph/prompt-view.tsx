// A node's prompt (or system prompt) as it was sent, with its template behind a toggle, and a clear word when
// the text cannot be known yet or was never sent.
import type { GraphState, NodeState } from "../../../internal/domain/state.js";
import { renderPrompt } from "./rendered-prompt.js";

interface Props {
  title: string;
  template: string;
  node: NodeState;
  graph: Pick<GraphState, "input" | "nodes">;
}

/** Whether the model was called with this node's prompt: an llm attempt started and was not answered from cache. */
function sentNote(node: NodeState): string {
  if (node.type !== "llm") return "rendered with the graph input and upstream outputs";
  if (node.status === "skipped") return "never sent: the node was skipped";
  if (node.startedAt === undefined) return node.status === "cancelled" ? "never sent" : "not sent yet";
  if (node.cacheHit === true) return "the answer came from the response cache; this text was not sent again";
  return "as sent to the model";
}

export function PromptView({ title, template, node, graph }: Props) {
  const rendered = renderPrompt(template, graph);
  const slug = title.toLowerCase().replace(/\s+/g, "-");
  return (
    <section aria-labelledby={`node-${slug}-title`}>
      <h3 id={`node-${slug}-title`}>
        {title}{" "}
        <span class="note" data-testid={`node-${slug}-note`}>
          {rendered.kind === "rendered" ? sentNote(node) : "template"}
        </span>
      </h3>
      {rendered.kind === "rendered" && (
        <pre class="output" data-testid={`node-${slug}`}>
          {rendered.text}
        </pre>
      )}
      {rendered.kind === "waiting" && (
        <p class="note" role="note">
          Cannot be rendered yet: it reads the output of {rendered.upstream.join(", ")}, which{" "}
          {rendered.upstream.length === 1 ? "has" : "have"} not succeeded yet.
        </p>
      )}
      {rendered.kind === "invalid" && (
        <p class="error" role="note">
          The template does not parse: {rendered.message}
        </p>
      )}
      {rendered.kind === "rendered" ? (
        <details>
          <summary>Template</summary>
          <pre class="output" data-testid={`node-${slug}-template`}>
            {template}
          </pre>
        </details>
      ) : (
        <pre class="output" data-testid={`node-${slug}-template`}>
          {template}
        </pre>
      )}
    </section>
  );
}
