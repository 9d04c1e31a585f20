// Finds the subscriptions an entry or a delta goes to: by graph id for graph subscriptions, by tenant for
// tenant subscriptions. Lookups are map hits, so dispatch costs nothing for graphs nobody watches. The gateway's
// consumer of the partition-log reader: when the reader may have missed entries, every subscription catches up.
import type { OutputDelta } from "../../contract/output-delta.js";
import type { LogConsumer, LogEvent } from "../../store/partition-logs.js";
import type { GraphSubscription } from "./graph-subscription.js";
import type { Subscription } from "./subscription.js";
import type { TenantSubscription } from "./tenant-subscription.js";

export class SubscriptionIndex implements LogConsumer {
  private readonly byGraph = new Map<string, Set<GraphSubscription>>();
  private readonly byTenant = new Map<string, Set<TenantSubscription>>();

  addGraphs(subscription: GraphSubscription): void {
    for (const graphId of subscription.graphs) addTo(this.byGraph, graphId, subscription);
  }

  addTenant(subscription: TenantSubscription): void {
    addTo(this.byTenant, subscription.tenantId, subscription);
  }

  remove(subscription: GraphSubscription | TenantSubscription): void {
    if ("graphs" in subscription) {
      for (const graphId of subscription.graphs) removeFrom(this.byGraph, graphId, subscription);
    } else {
      removeFrom(this.byTenant, subscription.tenantId, subscription);
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
    const all = new Set<Subscription>();
    for (const set of this.byGraph.values()) for (const s of set) all.add(s);
    for (const set of this.byTenant.values()) for (const s of set) all.add(s);
    for (const s of all) s.missed();
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

function some<T extends Subscription>(set: Set<T> | undefined, test: (s: T) => boolean): boolean {
  if (!set) return false;
  for (const s of set) if (test(s)) return true;
  return false;
}
