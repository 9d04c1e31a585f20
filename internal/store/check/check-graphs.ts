// The invariant checker: reads every graph under a key prefix (or one tenant's, or one graph) straight from Redis
// and reports what breaks the engine's promises: every graph whole (all its keys there, projection = fold(events)),
// no node before its dependencies, no transition applied twice or from a state that forbids it, counters that
// match the nodes, index entries and idempotency records that name graphs as they are, no stray key and, on
// request, that every graph has ended. Used by `dago check` and by the tests after they break things on purpose.
import type { Redis } from "ioredis";
import { checkReferences } from "./check-references.js";
import { checkSnapshot, isExpiring } from "./check-snapshot.js";
import { type GraphSnapshot, readGraphSnapshot } from "./graph-snapshot.js";
import { scanGraphKeys } from "./key-scan.js";
import type { Violation } from "./violation.js";

export interface CheckOptions {
  keyPrefix: string;
  /** Only this graph. */
  graphId?: string;
  /** Only this tenant's graphs. */
  tenantId?: string;
  /** Also report every graph that has not ended (after a run that should have finished everything). */
  requireTerminal?: boolean;
  /**
   * Ended graphs expire (a retention period is set): a graph whose remaining keys all expire is leaving, not torn,
   * and index entries of ended graphs and idempotency records may outlive their graph.
   */
  expiringGraphs?: boolean;
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

export async function checkGraphs(redis: Redis, options: CheckOptions): Promise<CheckReport> {
  const report: CheckReport = { graphs: 0, statuses: {}, violations: [] };
  let ids: string[];
  if (options.graphId !== undefined) ids = [options.graphId];
  else {
    const scan = await scanGraphKeys(redis, options.keyPrefix);
    ids = [...scan.graphs.keys()].sort();
    // A stray key names no tenant: reported only when every tenant is checked.
    if (options.tenantId === undefined) {
      for (const key of scan.strays) {
        const graphId = key.slice(key.indexOf("}:g:") + 4).split(":", 1)[0] as string;
        report.violations.push({ graphId, rule: "stray_key", message: `${key} is no key of a graph` });
      }
    }
  }
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
      // Keys without their meta hash name no tenant: they count only when every tenant is checked.
      const { tenant, status } = snapshot.raw.meta;
      if (options.tenantId !== undefined && tenant !== options.tenantId) continue;
      if (options.expiringGraphs && isExpiring(snapshot)) continue;
      report.graphs += 1;
      if (status) report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      report.violations.push(...checkSnapshot(snapshot, options.requireTerminal ?? false));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, lane));
  report.violations.push(
    ...(await checkReferences(redis, {
      keyPrefix: options.keyPrefix,
      ...(options.graphId !== undefined ? { graphId: options.graphId } : {}),
      ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      expiringGraphs: options.expiringGraphs ?? false,
    })),
  );
  report.violations.sort((a, b) => (a.graphId < b.graphId ? -1 : a.graphId > b.graphId ? 1 : 0));
  return report;
}
