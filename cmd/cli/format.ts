// How the CLI prints things as text. Pure functions from values to lines, so the output is easy to test and the
// commands stay about what to do rather than how it looks.

import type { WaitingDecisionPage } from "../../internal/contract/decisions.js";
import type { GraphPage } from "../../internal/contract/graph-views.js";
import type { WorkerInfo } from "../../internal/contract/server-info.js";
import {
  type GraphEvent,
  type GraphState,
  type NodeState,
  type ServingWorker,
  type SubmitWarning,
  servesNode,
} from "../../internal/domain/index.js";

const PREVIEW_CHARS = 60;
const EVENT_DATA_CHARS = 160;
const EVENT_TYPE_WIDTH = 17;
const EVENT_NODE_WIDTH = 12;

/** A validation issue or an error detail: the same shape from the local validator and the server. */
export interface IssueLike {
  code: string;
  message: string;
  nodeId?: string;
  path?: string;
}

/** `where: code: message`, where `where` is the node, else the field's path, else "graph". */
export function formatIssue(issue: IssueLike): string {
  const where = issue.nodeId ?? (issue.path ? issue.path : "graph");
  // Some messages already open with their code ("cycle: a -> b -> a"); saying it twice adds nothing.
  const message = issue.message.startsWith(`${issue.code}: `)
    ? issue.message.slice(issue.code.length + 2)
    : issue.message;
  return `${where}: ${issue.code}: ${message}`;
}

/** `dago: warning: <code>: node a, b: <message>`, for stderr. */
export function formatWarning(warning: SubmitWarning): string {
  const nodes = warning.nodeIds.length > 0 ? warning.nodeIds : [warning.nodeId];
  const shown =
    nodes.length > 5 ? `${nodes.slice(0, 5).join(", ")} and ${nodes.length - 5} more` : nodes.join(", ");
  return `dago: warning: ${warning.code}: node${nodes.length === 1 ? "" : "s"} ${shown}: ${warning.message}`;
}

export function formatLevels(levels: readonly string[][]): string[] {
  return levels.map((level, i) => `  level ${i}: ${level.join(", ")}`);
}

/** One line of at most `max` characters for any value: strings quoted, everything else as compact JSON. */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return truncate(text, max);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

function graphDuration(graph: GraphState, now: number): string {
  if (graph.startedAt === undefined) return "";
  return ` after ${formatDuration((graph.endedAt ?? now) - graph.startedAt)}`;
}

/** HH:MM:SS in local time: a deadline is read against the clock on the wall. */
function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/**
 * What a ready node waits for: `waiting for a worker serving type "fetch-page" with capabilities gpu (none live;
 * fails with no_worker at 12:03:04, in 4m59s)`. `workers` are the live ones, when known.
 */
export function waitingFor(
  node: NodeState,
  graph: Pick<GraphState, "status">,
  now: number,
  workers?: readonly ServingWorker[],
): string {
  const requires = node.requires ?? [];
  const capabilities = requires.length > 0 ? ` with capabilities ${requires.join(", ")}` : "";
  const facts: string[] = [];
  if (workers !== undefined) {
    const live = workers.filter((w) => servesNode(w, node.type, requires)).length;
    facts.push(live === 0 ? "none live" : `${live} live`);
  }
  if (graph.status === "paused") facts.push("graph paused: the wait starts again on resume");
  else if (node.scheduleDeadline !== undefined) {
    const left = formatDuration(node.scheduleDeadline - now);
    facts.push(`fails with no_worker at ${clockTime(node.scheduleDeadline)}, in ${left}`);
  } else if (node.scheduleTimeoutMs === 0) facts.push("waits forever");
  const tail = facts.length > 0 ? ` (${facts.join("; ")})` : "";
  return `waiting for a worker serving type ${JSON.stringify(node.type)}${capabilities}${tail}`;
}

function nodeDetail(
  node: NodeState,
  graph: GraphState,
  now: number,
  workers?: readonly ServingWorker[],
): string {
  const attempt = node.attempt > 1 ? `attempt ${node.attempt}  ` : "";
  switch (node.status) {
    case "succeeded":
      return `${attempt}${node.output === undefined ? "" : preview(node.output)}`;
    case "failed":
    case "retrying":
      return `${attempt}${node.error ? `${node.error.code}: ${truncate(node.error.message, PREVIEW_CHARS)}` : ""}`;
    case "skipped":
      return node.skipReason === "upstream_failed" ? "a dependency failed" : "condition was false";
    case "running":
      return `${attempt}${node.worker === undefined ? "" : `on ${node.worker}`}`;
    case "ready":
      return `${attempt}${waitingFor(node, graph, now, workers)}`;
    default:
      return attempt;
  }
}

/**
 * The graph's id, name and status, then one line per node with its status and a preview of its output, or for a
 * ready node what it waits for (with `workers`, the live ones: how many could take it).
 */
export function formatGraph(
  graph: GraphState,
  now = Date.now(),
  workers?: readonly ServingWorker[],
): string[] {
  const lines = [`${graph.id}  ${graph.name}  ${graph.status}${graphDuration(graph, now)}`];
  if (graph.error) {
    const node = graph.error.nodeId === undefined ? "" : `${graph.error.nodeId}: `;
    lines.push(`  error: ${node}${graph.error.code}: ${graph.error.message}`);
  }
  const nodes = Object.values(graph.nodes);
  const idWidth = Math.max(0, ...nodes.map((node) => node.id.length));
  for (const node of nodes) {
    const detail = nodeDetail(node, graph, now, workers);
    lines.push(`  ${node.id.padEnd(idWidth)}  ${node.status.padEnd(9)}  ${detail}`.trimEnd());
  }
  return lines;
}

/** time, type, node, attempt and the event's data as compact JSON. */
export function formatEvent(event: GraphEvent): string {
  const time = Number.isFinite(event.at) ? new Date(event.at).toISOString() : String(event.at);
  const node = (event.nodeId ?? "-").padEnd(EVENT_NODE_WIDTH);
  const attempt = (event.attempt === undefined ? "-" : `#${event.attempt}`).padEnd(3);
  const data = Object.keys(event.data ?? {}).length === 0 ? "" : preview(event.data, EVENT_DATA_CHARS);
  return `${time}  ${event.type.padEnd(EVENT_TYPE_WIDTH)}  ${node}  ${attempt}  ${data}`.trimEnd();
}

/** Columns padded to their widest cell; the last column is left ragged. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

export function formatGraphList(page: GraphPage): string[] {
  if (page.graphs.length === 0) return ["no graphs"];
  return table(
    ["ID", "STATUS", "NODES", "CREATED", "NAME"],
    page.graphs.map((g) => [
      g.id,
      g.status,
      String(g.nodeCount),
      new Date(g.createdAt).toISOString(),
      g.name,
    ]),
  );
}

export function formatApprovals(page: WaitingDecisionPage, now = Date.now()): string[] {
  if (page.approvals.length === 0) return ["no approvals waiting"];
  return table(
    ["GRAPH", "NODE", "WAITING", "DEADLINE", "PROMPT"],
    page.approvals.map((a) => [
      a.graphId,
      a.nodeId,
      ago(now - a.waitingSince),
      a.deadline === undefined ? "-" : new Date(a.deadline).toISOString(),
      preview(a.prompt),
    ]),
  );
}

function ago(ms: number): string {
  return `${formatDuration(Math.max(0, ms))} ago`;
}

export function formatWorkers(workers: readonly WorkerInfo[], now = Date.now()): string[] {
  if (workers.length === 0) return ["no live workers"];
  return table(
    ["ID", "HOST", "PID", "BUSY", "HEARTBEAT", "NODE TYPES", "CAPABILITIES"],
    workers.map((w) => [
      w.id,
      w.host,
      String(w.pid),
      `${w.busy}/${w.poolSize}`,
      ago(now - w.lastHeartbeat),
      w.nodeTypes.join(",") || "-",
      w.capabilities.join(",") || "-",
    ]),
  );
}
