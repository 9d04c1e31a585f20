// The tenant's graphs, newest first, with their state and progress, updated live: filtered by state (kept in the
// address) and paged past the newest with "Show older graphs".
import { useEffect, useState } from "preact/hooks";
import { GRAPH_STATUSES, type GraphStatus } from "../../../internal/domain/state.js";
import { formatDuration, formatTime, span } from "../format.js";
import type { GraphRow } from "../live/graph-list-model.js";
import { GraphListStore, type GraphListView } from "../live/graph-list-store.js";
import { Link, useSearch } from "../navigation.js";
import { OutcomeBar } from "../progress/outcome-bar.js";
import { graphPath } from "../router.js";
import { StatusBadge } from "../status-badge.js";
import { TableHead } from "../table-head.js";
import { listHref, parseListFilter } from "./list-filter.js";
import "./graph-list-page.css";

const EMPTY_VIEW: GraphListView = { rows: [], loaded: false, more: false, loadingMore: false };

export function GraphListPage() {
  const filter = parseListFilter(useSearch());
  const status = filter.status;
  const [view, setView] = useState<GraphListView>(EMPTY_VIEW);
  const [store, setStore] = useState<GraphListStore>();
  useEffect(() => {
    const next = new GraphListStore(status);
    setView(EMPTY_VIEW);
    const stopListening = next.subscribe(setView);
    next.start();
    setStore(next);
    return () => {
      stopListening();
      next.stop();
    };
  }, [status]);
  const what = status === undefined ? "graphs" : `${status} graphs`;
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Graphs</h1>
        <Link href="/submit" class="button">
          Submit a graph
        </Link>
      </div>
      <StatusFilter current={status} />
      {filter.unknown !== undefined && (
        <p class="note" role="note">
          There is no state “{filter.unknown}” to filter by; showing every graph.
        </p>
      )}
      {view.error && (
        <p class="error" role="alert">
          The graphs could not be loaded: {view.error.code}: {view.error.message}
        </p>
      )}
      {!view.loaded && !view.error && <p aria-busy="true">Loading…</p>}
      {view.loaded && view.rows.length === 0 && (
        <p>
          {status === undefined ? (
            <>
              No graphs yet. <Link href="/submit">Submit one</Link>.
            </>
          ) : (
            <>
              No {what}. <Link href={listHref(undefined)}>Show every graph</Link>.
            </>
          )}
        </p>
      )}
      {view.rows.length > 0 && (
        <div class="table-scroll">
          <table class="graph-list" data-testid="graph-list">
            <caption class="note" data-testid="graph-list-caption">
              {view.rows.length} {view.more ? "most recent " : ""}
              {view.rows.length === 1 ? what.replace(/s$/, "") : what}, newest first.
            </caption>
            <TableHead columns={["Name", "State", "Progress", "Created", "Duration", "Id"]} />
            <tbody>
              {view.rows.map((row) => (
                <GraphListRow key={row.id} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.more && (
        <p>
          <button type="button" onClick={() => store?.loadMore()} disabled={view.loadingMore}>
            {view.loadingMore ? "Loading older graphs…" : "Show older graphs"}
          </button>
        </p>
      )}
    </>
  );
}

function StatusFilter({ current }: { current: GraphStatus | undefined }) {
  const choices: Array<GraphStatus | undefined> = [undefined, ...GRAPH_STATUSES];
  return (
    <nav aria-label="Filter by state">
      <ul class="filter">
        {choices.map((status) => (
          <li key={status ?? "all"}>
            <Link href={listHref(status)} aria-current={status === current ? "page" : undefined}>
              {status ?? "all"}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function GraphListRow({ row }: { row: GraphRow }) {
  return (
    <tr data-graph-id={row.id} data-status={row.status}>
      <td>
        <Link href={graphPath(row.id)}>{row.name || "(unnamed)"}</Link>
      </td>
      <td>
        <StatusBadge status={row.status} />
      </td>
      <td class="progress-cell">
        {row.outcomes ? (
          <OutcomeBar outcomes={row.outcomes} compact />
        ) : (
          <span class="note">{row.nodeCount} nodes</span>
        )}
      </td>
      <td>{formatTime(row.createdAt)}</td>
      <td>{formatDuration(span(row.startedAt, row.endedAt))}</td>
      <td>
        <code class="id">{row.id}</code>
      </td>
    </tr>
  );
}
