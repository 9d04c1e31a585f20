// Reads a graph's history and lists every time a node was made ready or started before all its dependencies had
// resolved (succeeded, or were skipped by their own condition), with the dependencies as they stood at that event:
// those of the submission plus every dependency a patch added, less the nodes a patch removed.
import type { GraphEvent } from "../../internal/domain/events.js";

interface Listed {
  id: string;
  dependsOn?: string[];
}

interface Patched {
  addNodes?: Listed[];
  addDependencies?: Array<{ node: string; dependsOn: string[] }>;
  removeNodes?: string[];
}

export interface OrderReport {
  violations: string[];
  /** NodeReady and NodeStarted events checked. */
  checked: number;
}

export function dependencyOrder(events: readonly GraphEvent[]): OrderReport {
  const deps = new Map<string, string[]>();
  const resolved = new Set<string>();
  const violations: string[] = [];
  let checked = 0;
  for (const event of events) {
    const node = event.nodeId;
    switch (event.type) {
      case "GraphSubmitted":
        for (const spec of (event.data as { nodes: Listed[] }).nodes)
          deps.set(spec.id, [...(spec.dependsOn ?? [])]);
        break;
      case "GraphPatched": {
        const data = event.data as Patched;
        for (const id of data.removeNodes ?? []) {
          deps.delete(id);
          resolved.delete(id);
        }
        for (const spec of data.addNodes ?? []) deps.set(spec.id, [...(spec.dependsOn ?? [])]);
        for (const entry of data.addDependencies ?? []) {
          const list = deps.get(entry.node);
          if (!list)
            violations.push(`${event.id}: GraphPatched adds dependencies to unknown node ${entry.node}`);
          else list.push(...entry.dependsOn);
        }
        break;
      }
      case "NodeReady":
      case "NodeStarted": {
        checked++;
        const list = node === undefined ? undefined : deps.get(node);
        if (!list) {
          violations.push(`${event.id}: ${event.type} of unknown node ${node}`);
          break;
        }
        const open = list.filter((dep) => !resolved.has(dep));
        if (open.length > 0) violations.push(`${event.id}: ${event.type} ${node} before ${open.join(", ")}`);
        break;
      }
      case "NodeCompleted":
        if (node !== undefined) resolved.add(node);
        break;
      case "NodeSkipped":
        if (node !== undefined && (event.data as { reason?: string }).reason === "condition")
          resolved.add(node);
        break;
      case "NodeReset":
        if (node !== undefined) resolved.delete(node);
        break;
      default:
        break;
    }
  }
  return { violations, checked };
}
