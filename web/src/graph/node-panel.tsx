// Everything about one node: its spec (the prompt as sent; a map's list, a child's item; an approval's question
// and decision form), its state and timings, tokens and cost, its output (streamed while it runs), its error, and
// its attempts as the event log recorded them.
import { useState } from "preact/hooks";
import type { GraphEvent } from "../../../internal/domain/events.js";
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";
import type { GraphState, NodeState } from "../../../internal/domain/state.js";
import { problemText } from "../api/problem.js";
import { ApprovalSection } from "../decision/approval-section.js";
import { formatDuration, formatOutput, formatTime, span } from "../format.js";
import type { NodeStream } from "../live/graph-model.js";
import { StatusBadge } from "../status-badge.js";
import { attemptText, failuresText } from "./attempt-text.js";
import { containerFacts } from "./container-facts.js";
import { summarizeEvent } from "./event-summary.js";
import { hasLlmFacts, llmFactsOf } from "./llm-facts.js";
import { PromptView } from "./prompt-view.js";
import { Row, UsageFacts } from "./usage-facts.js";
import { WorkerWait } from "./worker-wait.js";

interface Props {
  node: NodeState;
  /** The graph's input and nodes: what the node's templates read. */
  graph: Pick<GraphState, "id" | "input" | "nodes">;
  spec: ResolvedNode | undefined;
  stream: NodeStream | undefined;
  events: GraphEvent[];
  onRetry(nodeId: string): Promise<void>;
  onClose(): void;
}

export function NodePanel({ node, graph, spec, stream, events, onRetry, onClose }: Props) {
  const facts = llmFactsOf(node);
  const streaming =
    stream && stream.attempt === node.attempt && node.status !== "succeeded" ? stream : undefined;
  return (
    <section class="panel node-panel" aria-labelledby="node-panel-title" data-testid="node-panel">
      <div class="panel-head">
        <h2 id="node-panel-title">
          Node <code>{node.id}</code> <StatusBadge status={node.status} />
        </h2>
        <button type="button" class="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {node.status === "failed" && <RetryButton nodeId={node.id} onRetry={onRetry} />}
      <dl class="facts">
        <Row term="Type" value={node.type} />
        {containerFacts(node.id, spec, graph.nodes).map(([term, value]) => (
          <Row key={term} term={term} value={value} />
        ))}
        <Row term="Attempt" value={attemptText(node, spec?.retry, events)} />
        <Row term="Failed attempts" value={failuresText(node, spec?.retry)} />
        {node.worker !== undefined && <Row term="Worker" value={node.worker} />}
        <Row term="Ready at" value={formatTime(node.readyAt)} />
        <Row term="Started at" value={formatTime(node.startedAt)} />
        <Row term="Ended at" value={formatTime(node.endedAt)} />
        <Row term="Queue wait" value={formatDuration(span(node.readyAt, node.startedAt))} />
        <Row term="Run time" value={formatDuration(span(node.startedAt, node.endedAt))} />
        {node.retryAt !== undefined && <Row term="Next attempt at" value={formatTime(node.retryAt)} />}
        {node.skipReason !== undefined && (
          <Row term="Skipped because" value={node.skipReason.replace("_", " ")} />
        )}
        {hasLlmFacts(facts) && <UsageFacts facts={facts} />}
      </dl>
      <WorkerWait node={node} />
      {node.error && (
        <div class="node-error" role="note" aria-label="Error">
          <strong>{node.error.code}</strong>: {node.error.message}
          {node.error.retryable ? " (retryable)" : " (not retryable)"}
        </div>
      )}
      {spec?.system !== undefined && (
        <PromptView title="System prompt" template={spec.system} node={node} graph={graph} />
      )}
      {node.type === "approval" && <ApprovalSection graphId={graph.id} node={node} spec={spec} />}
      {spec?.prompt !== undefined && node.type !== "approval" && (
        <PromptView title="Prompt" template={spec.prompt} node={node} graph={graph} />
      )}
      {streaming && (
        <section aria-labelledby="node-stream-title">
          <h3 id="node-stream-title">
            Output <span class="streaming">streaming</span>
            {streaming.gap && (
              <span class="note"> (some pieces were missed; the full text arrives at the end)</span>
            )}
          </h3>
          <pre class="output" data-testid="node-stream">
            {streaming.text}
          </pre>
        </section>
      )}
      {node.status === "succeeded" && (
        <section aria-labelledby="node-output-title">
          <h3 id="node-output-title">Output</h3>
          <pre class="output" data-testid="node-output">
            {formatOutput(node.output)}
          </pre>
        </section>
      )}
      {spec && (
        <details>
          <summary>Resolved spec</summary>
          <pre class="output">{JSON.stringify(spec, null, 2)}</pre>
        </details>
      )}
      <section aria-labelledby="node-attempts-title">
        <h3 id="node-attempts-title">History</h3>
        {events.length === 0 ? (
          <p class="note">No events of this node in the log.</p>
        ) : (
          <ol class="node-history">
            {events.map((e) => (
              <li key={e.id}>
                <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at)}</time> {e.type}
                {e.attempt !== undefined && ` (attempt ${e.attempt})`} {summarizeEvent(e)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

function RetryButton({ nodeId, onRetry }: { nodeId: string; onRetry(nodeId: string): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const click = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onRetry(nodeId);
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" onClick={click} disabled={busy}>
        Retry node
      </button>
      {error && (
        <span class="error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </p>
  );
}
