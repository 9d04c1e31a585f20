// Finds the watches an entry or a delta goes to: by graph id for graph watches, by tenant for tenant watches.
// Lookups are map hits, so dispatch costs nothing for graphs nobody watches. The watch core's consumer of the
// partition-log reader: when the reader may have missed entries, every watch catches up.
import type { OutputDelta } from "../../contract/output-delta.js";
import type { LogConsumer, LogEvent } from "../../store/partition-logs.js";
import type { GraphWatch } from "./graph-watch.js";
import type { TenantWatch } from "./tenant-watch.js";
import type { Watch } from "./watch.js";

export class WatchIndex implements LogConsumer {
  private readonly byGraph = new Map<string, Set<GraphWatch>>();
  private readonly byTenant = new Map<string, Set<TenantWatch>>();

  addGraphs(watch: GraphWatch): void {
    for (const graphId of watch.graphs) addTo(this.byGraph, graphId, watch);
  }

  addTenant(watch: TenantWatch): void {
    addTo(this.byTenant, watch.tenantId, watch);
  }

  remove(watch: GraphWatch | TenantWatch): void {
    if ("graphs" in watch) {
      for (const graphId of watch.graphs) removeFrom(this.byGraph, graphId, watch);
    } else {
      removeFrom(this.byTenant, watch.tenantId, watch);
    }
  }

  /** Whether any subscriber of this entry's graph or tenant wants its type (decides reading full data). */
  wantsData(entry: LogEvent): boolean {
    const type = entry.event.type;
    return (
      some(this.byGraph.get(entry.event.graphId), (s) => s.wants(type)) ||
      some(this.byTenant.get(entry.event.tenantId), (s) => s.wants(type))
    );
  }

  private all(): Set<Watch> {
    const all = new Set<Watch>();
    for (const set of this.byGraph.values()) for (const s of set) all.add(s);
    for (const set of this.byTenant.values()) for (const s of set) all.add(s);
    return all;
  }

  receive(entries: readonly LogEvent[]): void {
    for (const entry of entries) {
      const graphSubs = this.byGraph.get(entry.event.graphId);
      if (graphSubs) for (const s of graphSubs) s.receive(entry);
      const tenantSubs = this.byTenant.get(entry.event.tenantId);
      if (tenantSubs) for (const s of tenantSubs) s.receive(entry);
    }
  }

  /** Called before the entries of the reader's first read after the gap, so catching up misses none of them. */
  missed(): void {
    for (const s of this.all()) s.missed();
  }

  /** The reader stopped for good: every watch hears that nothing more will come. */
  stopped(): void {
    for (const s of this.all()) s.readerStopped();
  }

  /** Open watches, of every kind. */
  get size(): number {
    return this.all().size;
  }

  dispatchDelta(delta: OutputDelta): void {
    const graphSubs = this.byGraph.get(delta.graphId);
    const tenantSubs = this.byTenant.get(delta.tenantId);
    if (!graphSubs && !tenantSubs) return;
    const json = JSON.stringify(delta);
    if (graphSubs) for (const s of graphSubs) s.receiveDelta(delta, json);
    if (tenantSubs) for (const s of tenantSubs) s.receiveDelta(delta, json);
  }
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function some<T extends Watch>(set: Set<T> | undefined, test: (s: T) => boolean): boolean {
  if (!set) return false;
  for (const s of set) if (test(s)) return true;
  return false;
}
