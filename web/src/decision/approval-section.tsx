// An approval node in the node panel: what the person is asked, until when, the decision form while it waits,
// and the decision once made.
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";
import type { Decision, NodeState } from "../../../internal/domain/state.js";
import { formatOutput, formatTime } from "../format.js";
import { DecisionForm } from "./decision-form.js";

interface Props {
  graphId: string;
  node: NodeState;
  spec: ResolvedNode | undefined;
}

const ON_TIMEOUT = { fail: "the node fails", approve: "it is approved", reject: "it is rejected" } as const;

export function ApprovalSection({ graphId, node, spec }: Props) {
  const waiting = node.status === "waiting";
  return (
    <section aria-labelledby="node-approval-title" data-testid="approval">
      <h3 id="node-approval-title">Approval</h3>
      {node.prompt === undefined ? (
        <p class="note">Not asked yet: the prompt is rendered when the node runs.</p>
      ) : (
        <pre class="output approval-prompt" data-testid="approval-prompt">
          {node.prompt}
        </pre>
      )}
      {waiting && (
        <p class="note" data-testid="approval-wait">
          Waiting for a decision since {formatTime(node.waitingSince)}
          {node.decisionDeadline === undefined
            ? "; no deadline."
            : `; at ${formatTime(node.decisionDeadline)} ${ON_TIMEOUT[spec?.onTimeout ?? "fail"]}.`}
        </p>
      )}
      {waiting && (
        <DecisionForm key={node.attempt} graphId={graphId} nodeId={node.id} schema={spec?.schema} />
      )}
      {node.decision && <DecisionRecord decision={node.decision} />}
    </section>
  );
}

function DecisionRecord({ decision }: { decision: Decision }) {
  return (
    <div class="decision-record" role="note" aria-label="Decision" data-testid="decision-record">
      <p>
        <strong>{decision.approved ? "Approved" : "Rejected"}</strong> by {decision.by}
        {decision.timedOut ? " (no decision in time)" : ""} at {formatTime(decision.at)}
        {decision.comment !== null && <>: “{decision.comment}”</>}
      </p>
      {decision.data !== null && decision.data !== undefined && (
        <pre class="output">{formatOutput(decision.data)}</pre>
      )}
    </div>
  );
}
