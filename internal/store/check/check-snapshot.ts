// The rules one graph must keep, checked on one consistent cut of its keys: every key there and filled in,
// projection = fold(events), no node before its dependencies, no transition applied twice or from a state that
// forbids it, a version and last event id that match the stream, counters that match the nodes.
import type { GraphState } from "../../domain/state.js";
import { TERMINAL_GRAPH_STATUSES, TERMINAL_NODE_STATUSES } from "../../domain/state.js";
import { toGraphState } from "../projection.js";
import { decodeSnapshotEvents, GRAPH_KEY_NAMES, type GraphSnapshot } from "./graph-snapshot.js";
import { replayHistory } from "./replay-history.js";
import { diffStates } from "./state-diff.js";
import type { Violation } from "./violation.js";

/** What the submitting script writes into the meta hash, and every later script keeps. */
const META_FIELDS = ["status", "tenant", "name", "createdAt", "total", "v", "last"] as const;

/** Keys every graph has from its submission on; the others appear once they hold something. */
const REQUIRED_KEYS = ["meta", "nodes", "spec", "events"] as const;

/**
 * Some of the graph's keys are gone and all that remain expire: an ended graph leaving under the retention
 * policy, one key at a time, rather than a graph torn apart.
 */
export function isExpiring(snapshot: GraphSnapshot): boolean {
  const present = GRAPH_KEY_NAMES.filter((name) => snapshot.ttls[name] !== -2);
  return (
    REQUIRED_KEYS.some((name) => snapshot.ttls[name] === -2) &&
    present.every((name) => snapshot.ttls[name] >= 0)
  );
}

/** Every rule, on one consistent cut of one graph. */
export function checkSnapshot(snapshot: GraphSnapshot, requireTerminal: boolean): Violation[] {
  const { graphId, raw } = snapshot;
  const violations: Violation[] = [];
  const add = (violation: Omit<Violation, "graphId">) => violations.push({ graphId, ...violation });

  const torn = tornParts(snapshot);
  if (torn.length > 0) {
    for (const message of torn) add({ rule: "torn_graph", message });
    return violations;
  }

  const status = raw.meta.status as GraphState["status"];
  if (requireTerminal && !TERMINAL_GRAPH_STATUSES.has(status)) {
    add({ rule: "not_terminal", message: `the graph is still ${status}` });
  }

  let stored: GraphState | undefined;
  try {
    stored = toGraphState(graphId, raw);
  } catch (err) {
    add({ rule: "unreadable", message: `the stored projection cannot be read: ${(err as Error).message}` });
  }
  const decoded = decodeSnapshotEvents(snapshot);
  if ("badEntry" in decoded) {
    add({
      rule: "unreadable",
      eventId: decoded.badEntry,
      message: `event data is not JSON: ${decoded.message}`,
    });
    return violations;
  }
  const { events } = decoded;
  const replay = replayHistory(graphId, events);
  violations.push(...replay.violations);
  if (!stored) return violations;

  const last = events[events.length - 1];
  if (stored.version !== events.length) {
    add({
      rule: "event_order",
      message: `the projection's version is ${stored.version}, but the graph has ${events.length} events`,
    });
  }
  if (stored.lastEventId !== last?.id) {
    add({
      rule: "event_order",
      message: `the projection's last event is ${stored.lastEventId}, the stream's is ${last?.id ?? "absent"}`,
    });
  }
  checkCounters(stored, raw.meta, add);
  if (replay.folded) {
    for (const diff of diffStates(stored, replay.folded)) {
      const nodeId = /^nodes\.([^.[]+)/.exec(diff.path)?.[1];
      add({
        rule: "projection_mismatch",
        ...(nodeId !== undefined ? { nodeId } : {}),
        message: `${diff.path}: ${show(diff.stored)} in the projection, ${show(diff.folded)} in the fold of the events`,
      });
    }
  }
  return violations;
}

/** What is missing or left over among the graph's keys; the other rules need them whole. */
function tornParts(snapshot: GraphSnapshot): string[] {
  const { meta, nodes, spec } = snapshot.raw;
  if (snapshot.ttls.meta === -2) {
    const present = GRAPH_KEY_NAMES.filter((name) => snapshot.ttls[name] !== -2);
    return [`keys ${present.join(", ")} exist without the graph's meta hash`];
  }
  const missing = META_FIELDS.filter((field) => !meta[field]);
  if (missing.length > 0) return [`the meta hash lacks ${missing.join(", ")}`];
  const torn: string[] = [];
  if (snapshot.ttls.events === -2) torn.push("the event stream is missing");
  const total = Number(meta.total);
  const states = Object.keys(nodes).length;
  if (states !== total) torn.push(`${states} node states for ${total} nodes`);
  const specs = Object.keys(spec).length;
  // :defaults is there when the spec set defaults (nodes a patch adds inherit them).
  const fixed = spec[":defaults"] === undefined ? 2 : 3;
  if (!spec[":graph"] || !spec[":order"] || specs !== total + fixed) {
    const named = fixed === 3 ? ":graph, :order and :defaults" : ":graph and :order";
    torn.push(`the spec hash holds ${specs} fields for ${total} nodes, ${named}`);
  }
  return torn;
}

function checkCounters(
  stored: GraphState,
  meta: Record<string, string>,
  add: (violation: Omit<Violation, "graphId">) => void,
): void {
  const nodes = Object.values(stored.nodes);
  const ended = nodes.filter((node) => TERMINAL_NODE_STATUSES.has(node.status)).length;
  if (Number(meta.total) !== nodes.length) {
    add({
      rule: "counter_mismatch",
      message: `total is ${meta.total}, but the graph has ${nodes.length} nodes`,
    });
  }
  if (Number(meta.done) !== ended) {
    add({ rule: "counter_mismatch", message: `done is ${meta.done}, but ${ended} nodes have ended` });
  }
}

function show(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(value);
}
