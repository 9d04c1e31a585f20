// The invariant checker: reads every graph under a key prefix (or one tenant's, or one graph) straight from Redis
// and reports what breaks the engine's promises: projection = fold(events), no node before its dependencies, no
// transition applied twice or from a state that forbids it, counters that match the nodes and, on request, that
// every graph has ended. Used by `dago check` and by the fault tests after they break things on purpose.
import type { Redis } from "ioredis";
import type { GraphState } from "../domain/state.js";
import { TERMINAL_GRAPH_STATUSES, TERMINAL_NODE_STATUSES } from "../domain/state.js";
import { GRAPH_ID_PATTERN } from "../engine/keys.js";
import { toGraphState } from "../engine/projection.js";
import { decodeSnapshotEvents, type GraphSnapshot, readGraphSnapshot } from "./graph-snapshot.js";
import { replayHistory } from "./replay-history.js";
import { diffStates } from "./state-diff.js";
import type { Violation } from "./violation.js";

export interface CheckOptions {
  keyPrefix: string;
  /** Only this graph. */
  graphId?: string;
  /** Only this tenant's graphs. */
  tenantId?: string;
  /** Also report every graph that has not ended (after a run that should have finished everything). */
  requireTerminal?: boolean;
  /** Graphs read at the same time (default 16). */
  concurrency?: number;
}

export interface CheckReport {
  /** Graphs checked. */
  graphs: number;
  /** Graphs checked, by status. */
  statuses: Record<string, number>;
  violations: Violation[];
}

/** Ids of every graph under the prefix, from its meta keys (SCAN, so a large keyspace is not blocked). */
export async function listGraphIds(redis: Redis, keyPrefix: string): Promise<string[]> {
  const metaKey = new RegExp(`^${escapeRegExp(keyPrefix)}:\\{\\d+\\}:g:([^:]+)$`);
  const ids = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}:{*}:g:*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const id = metaKey.exec(key)?.[1];
      if (id && GRAPH_ID_PATTERN.test(id)) ids.add(id);
    }
  } while (cursor !== "0");
  return [...ids].sort();
}

export async function checkGraphs(redis: Redis, options: CheckOptions): Promise<CheckReport> {
  const ids = options.graphId ? [options.graphId] : await listGraphIds(redis, options.keyPrefix);
  const report: CheckReport = { graphs: 0, statuses: {}, violations: [] };
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      let snapshot: GraphSnapshot | undefined;
      try {
        snapshot = await readGraphSnapshot(redis, options.keyPrefix, id);
      } catch (err) {
        // Redis refusing a read (a key of the wrong type) is a broken graph; losing Redis is not.
        if ((err as Error).name !== "ReplyError") throw err;
        report.graphs += 1;
        report.violations.push({
          graphId: id,
          rule: "unreadable",
          message: `Redis refused the read: ${(err as Error).message}`,
        });
        continue;
      }
      if (!snapshot) continue;
      const tenant = snapshot.raw.meta.tenant;
      if (options.tenantId !== undefined && tenant !== options.tenantId) continue;
      const status = snapshot.raw.meta.status as string;
      report.graphs += 1;
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      report.violations.push(...checkSnapshot(snapshot, options.requireTerminal ?? false));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, lane));
  report.violations.sort((a, b) => (a.graphId < b.graphId ? -1 : a.graphId > b.graphId ? 1 : 0));
  return report;
}

/** Every rule, on one consistent cut of one graph. */
export function checkSnapshot(snapshot: GraphSnapshot, requireTerminal: boolean): Violation[] {
  const { graphId, raw } = snapshot;
  const violations: Violation[] = [];
  const add = (violation: Omit<Violation, "graphId">) => violations.push({ graphId, ...violation });

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
  if (last && stored.lastEventId !== last.id) {
    add({
      rule: "event_order",
      message: `the projection's last event is ${stored.lastEventId}, the stream's is ${last.id}`,
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
