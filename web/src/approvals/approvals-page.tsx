// The approvals inbox: every node of the tenant that waits for a person, the longest waiting first, updated live.
// Each row links to its graph, opened on the node, where the decision form is.
import { useEffect, useState } from "preact/hooks";
import type { WaitingDecision } from "../../../internal/contract/decisions.js";
import { formatTime } from "../format.js";
import { Link } from "../navigation.js";
import { graphPath } from "../router.js";
import { TableHead } from "../table-head.js";
import { ApprovalsStore, type ApprovalsView, INBOX_MAX } from "./approvals-store.js";
import "./approvals-page.css";

const EMPTY_VIEW: ApprovalsView = { approvals: [], loaded: false, more: false };

export function ApprovalsPage() {
  const [view, setView] = useState<ApprovalsView>(EMPTY_VIEW);
  useEffect(() => {
    const store = new ApprovalsStore();
    const stopListening = store.subscribe(setView);
    store.start();
    return () => {
      stopListening();
      store.stop();
    };
  }, []);
  const count = view.approvals.length;
  return (
    <>
      <h1 tabIndex={-1}>Approvals</h1>
      {view.error && (
        <p class="error" role="alert">
          The approvals could not be loaded: {view.error.code}: {view.error.message}
        </p>
      )}
      {!view.loaded && !view.error && <p aria-busy="true">Loading…</p>}
      {view.loaded && count === 0 && <p data-testid="approvals-empty">No node is waiting for a decision.</p>}
      {count > 0 && (
        <div class="table-scroll">
          <table class="approvals" data-testid="approvals">
            <caption class="note">
              {view.more ? `The ${INBOX_MAX} longest waiting of more` : count}{" "}
              {count === 1 ? "node waits" : "nodes wait"} for a decision, the longest waiting first.
            </caption>
            <TableHead columns={["Graph", "Node", "Asks", "Waiting since", "Deadline"]} />
            <tbody>
              {view.approvals.map((a) => (
                <ApprovalRow key={`${a.graphId}/${a.nodeId}`} approval={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const ON_TIMEOUT = { fail: "then fails", approve: "then approved", reject: "then rejected" } as const;

function ApprovalRow({ approval: a }: { approval: WaitingDecision }) {
  return (
    <tr data-graph-id={a.graphId} data-node-id={a.nodeId}>
      <td>
        <Link href={graphPath(a.graphId)}>{a.graphName || "(unnamed)"}</Link>
        {a.graphStatus === "paused" && <span class="note"> (paused: applied on resume)</span>}
      </td>
      <td>
        <Link href={graphPath(a.graphId, a.nodeId)}>
          <code>{a.nodeId}</code>
        </Link>
      </td>
      <td class="approval-prompt-cell">{a.prompt}</td>
      <td>{formatTime(a.waitingSince)}</td>
      <td>
        {a.deadline === undefined ? (
          <span class="note">none</span>
        ) : (
          <>
            {formatTime(a.deadline)} <span class="note">({ON_TIMEOUT[a.onTimeout ?? "fail"]})</span>
          </>
        )}
      </td>
    </tr>
  );
}
