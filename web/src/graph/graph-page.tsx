// One graph, live: its summary and controls, the drawn DAG, the selected node's panel, all nodes and the log.
import { useMemo, useState } from "preact/hooks";
import { NODE_STATUSES, type NodeStatus } from "../../../internal/domain/state.js";
import { callApi } from "../api/dashboard-api.js";
import { formatDuration, formatTime, span } from "../format.js";
import type { GraphModel } from "../live/graph-model.js";
import { useGraphLive } from "../live/use-graph-live.js";
import { Link } from "../navigation.js";
import { outcomesOfNodes } from "../progress/node-outcomes.js";
import { OutcomeBar } from "../progress/outcome-bar.js";
import { StatusBadge } from "../status-badge.js";
import { TableHead } from "../table-head.js";
import { EventLog } from "./event-log.js";
import { GraphControls } from "./graph-controls.js";
import { GraphDiagram } from "./graph-diagram.js";
import { MAX_DRAWN_NODES } from "./layout-input.js";
import { hasLlmFacts, llmFactsOf } from "./llm-facts.js";
import { NodePanel } from "./node-panel.js";
import { Row, UsageFacts } from "./usage-facts.js";

export function GraphPage({ graphId }: { graphId: string }) {
  const { model, error, live, adopt, reload } = useGraphLive(graphId);
  // `?node=<id>` (the approvals inbox links so) opens with that node's panel.
  const [selected, setSelected] = useState<string | undefined>(
    () => new URLSearchParams(location.search).get("node") ?? undefined,
  );

  if (!model) {
    return (
      <>
        <h1 tabIndex={-1}>Graph</h1>
        {error ? (
          <div class="error" role="alert">
            <p>
              Graph <code>{graphId}</code> could not be loaded: {error.code}: {error.message}
            </p>
            <p>
              <button type="button" onClick={reload}>
                Try again
              </button>{" "}
              <Link href="/">Back to the graphs</Link>
            </p>
          </div>
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </>
    );
  }

  const { state } = model;
  const node = selected === undefined ? undefined : state.nodes[selected];
  const retry = async (nodeId: string) => adopt(await callApi((dago) => dago.retryNode(state.id, nodeId)));
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>
          {state.name} <span aria-live="polite">{<StatusBadge status={state.status} />}</span>
        </h1>
        <GraphControls state={state} onState={adopt} />
      </div>
      <p class="note">
        <code>{state.id}</code> ·{" "}
        <span data-testid="sync-state">{live ? "following live" : "catching up…"}</span>
      </p>
      {error && (
        <p class="error" role="alert">
          {error.code}: {error.message}
        </p>
      )}
      <GraphSummary model={model} />
      <div class="graph-layout">
        <section class="panel diagram-panel" aria-labelledby="diagram-title">
          <h2 id="diagram-title">Nodes</h2>
          <Legend model={model} />
          <GraphDiagram state={state} groups={model.groups} selected={selected} onSelect={setSelected} />
        </section>
        {node ? (
          <NodePanel
            node={node}
            graph={state}
            spec={model.specs[node.id]}
            stream={model.streams[node.id]}
            events={model.log.filter((e) => e.nodeId === node.id)}
            onRetry={retry}
            onClose={() => setSelected(undefined)}
          />
        ) : (
          <section class="panel node-panel">
            <h2>Node details</h2>
            <p class="note">Select a node in the graph (click it, or focus it and press Enter).</p>
          </section>
        )}
      </div>
      <NodeTable model={model} onSelect={setSelected} />
      <EventLog events={model.log} truncated={model.logTruncated} />
    </>
  );
}

function GraphSummary({ model }: { model: GraphModel }) {
  const { state } = model;
  const facts = llmFactsOf(state);
  return (
    <dl class="facts summary">
      <div class="progress-fact">
        <dt>Progress</dt>
        <dd>
          <OutcomeBar outcomes={outcomesOfNodes(state.nodes)} />
        </dd>
      </div>
      <Row term="Created" value={formatTime(state.createdAt)} />
      <Row term="Started" value={formatTime(state.startedAt)} />
      <Row term="Ended" value={formatTime(state.endedAt)} />
      <Row term="Duration" value={formatDuration(span(state.startedAt, state.endedAt))} />
      {state.error && (
        <Row
          term="Error"
          value={`${state.error.code}: ${state.error.message}${state.error.nodeId ? ` (node ${state.error.nodeId})` : ""}`}
        />
      )}
      {hasLlmFacts(facts) && <UsageFacts facts={facts} />}
    </dl>
  );
}

function Legend({ model }: { model: GraphModel }) {
  const counts = useMemo(() => {
    const c = new Map<NodeStatus, number>();
    for (const node of Object.values(model.state.nodes)) c.set(node.status, (c.get(node.status) ?? 0) + 1);
    return c;
  }, [model.state]);
  return (
    <ul class="legend" aria-label="Nodes by state">
      {NODE_STATUSES.filter((s) => counts.has(s)).map((s) => (
        <li key={s}>
          <StatusBadge status={s} /> {counts.get(s)}
        </li>
      ))}
    </ul>
  );
}

function NodeTable({ model, onSelect }: { model: GraphModel; onSelect(id: string): void }) {
  const nodes = Object.values(model.state.nodes);
  // Open by itself when the graph is too large to draw; rendered only while open, as it can be long.
  const [open, setOpen] = useState(nodes.length > MAX_DRAWN_NODES);
  return (
    <details
      class="panel"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>All nodes ({nodes.length})</summary>
      {open && (
        <div class="table-scroll">
          <table>
            <TableHead columns={["Node", "Type", "State", "Attempt", "Run time"]} />
            <tbody>
              {nodes.map((n) => (
                <tr key={n.id}>
                  <td>
                    <button type="button" class="link" onClick={() => onSelect(n.id)}>
                      {n.id}
                    </button>
                  </td>
                  <td>{n.type}</td>
                  <td>
                    <StatusBadge status={n.status} />
                  </td>
                  <td>{n.attempt}</td>
                  <td>{formatDuration(span(n.startedAt, n.endedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
