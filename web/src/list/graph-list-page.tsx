// Every recent graph of the tenant with its state and progress, updated live.
import { useEffect, useState } from "preact/hooks";
import { formatDuration, formatTime, span } from "../format.js";
import type { GraphRow } from "../live/graph-list-model.js";
import { GraphListStore, type GraphListView, LIST_LIMIT } from "../live/graph-list-store.js";
import { Link } from "../navigation.js";
import { graphPath } from "../router.js";
import { StatusBadge } from "../status-badge.js";
import { TableHead } from "../table-head.js";

export function GraphListPage() {
  const [view, setView] = useState<GraphListView>({ rows: [], loaded: false });
  useEffect(() => {
    const store = new GraphListStore();
    const stopListening = store.subscribe(setView);
    store.start();
    return () => {
      stopListening();
      store.stop();
    };
  }, []);
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Graphs</h1>
        <Link href="/submit" class="button">
          Submit a graph
        </Link>
      </div>
      {view.error && (
        <p class="error" role="alert">
          The graphs could not be loaded: {view.error.code}: {view.error.message}
        </p>
      )}
      {!view.loaded && !view.error && <p aria-busy="true">Loading…</p>}
      {view.loaded && view.rows.length === 0 && (
        <p>
          No graphs yet. <Link href="/submit">Submit one</Link>.
        </p>
      )}
      {view.rows.length > 0 && (
        <div class="table-scroll">
          <table class="graph-list" data-testid="graph-list">
            <caption class="note">The {LIST_LIMIT} most recent graphs, newest first.</caption>
            <TableHead columns={["Name", "State", "Progress", "Created", "Duration", "Id"]} />
            <tbody>
              {view.rows.map((row) => (
                <GraphListRow key={row.id} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function GraphListRow({ row }: { row: GraphRow }) {
  const progressLabel =
    row.done === undefined ? `${row.nodeCount} nodes` : `${row.done} of ${row.nodeCount} nodes finished`;
  return (
    <tr data-graph-id={row.id} data-status={row.status}>
      <td>
        <Link href={graphPath(row.id)}>{row.name || "(unnamed)"}</Link>
      </td>
      <td>
        <StatusBadge status={row.status} />
      </td>
      <td class="progress-cell">
        <progress max={row.nodeCount || 1} value={row.done} aria-label={progressLabel} />{" "}
        <span>
          {row.done ?? "?"}/{row.nodeCount}
        </span>
        {row.failedNodes ? <span class="error"> · {row.failedNodes} failed</span> : null}
      </td>
      <td>{formatTime(row.createdAt)}</td>
      <td>{formatDuration(span(row.startedAt, row.endedAt))}</td>
      <td>
        <code class="id">{row.id}</code>
      </td>
    </tr>
  );
}
