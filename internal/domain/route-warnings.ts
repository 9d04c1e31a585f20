// Which nodes of a graph no live worker can take: the submission is still accepted (a worker may start later),
// but the client is told at once instead of finding out when the node's schedule-to-start timeout ends.

import { BUILTIN_NODE_TYPES, type ResolvedNode } from "./graph-spec.js";

const BUILTIN_TYPES: ReadonlySet<string> = new Set(BUILTIN_NODE_TYPES);

export const WARNING_CODES = [
  "no_live_workers",
  "no_worker_for_type",
  "no_worker_with_capabilities",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** A problem that does not stop a submission. One entry covers every node that shares it. */
export interface SubmitWarning {
  code: WarningCode;
  message: string;
  /** The first node concerned, in submission order. */
  nodeId: string;
  /** Every node concerned, in submission order. */
  nodeIds: string[];
  /** For `no_worker_for_type`: the custom type no worker registered. */
  type?: string;
  /** The node's `requires`, sorted (empty when it has none). */
  capabilities: string[];
}

/** What the registry says a live worker serves (GET /api/v1/workers). */
export interface ServingWorker {
  capabilities: readonly string[];
  nodeTypes: readonly string[];
}

/** The capabilities a worker routes by: its own plus `type:<t>` for each custom type it registered. */
function routingCapabilities(worker: ServingWorker): Set<string> {
  const caps = new Set(worker.capabilities);
  for (const type of worker.nodeTypes) if (!BUILTIN_TYPES.has(type)) caps.add(`type:${type}`);
  return caps;
}

/** Whether the worker would take a node of `type` needing `requires` (the rule workers pick ready streams by). */
export function servesNode(worker: ServingWorker, type: string, requires: readonly string[] = []): boolean {
  const caps = routingCapabilities(worker);
  if (!BUILTIN_TYPES.has(type) && !caps.has(`type:${type}`)) return false;
  return requires.every((cap) => caps.has(cap));
}

function names(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** Warnings for the nodes no worker in `workers` could take, grouped by what they lack. Pure. */
export function routeWarnings(
  nodes: readonly ResolvedNode[],
  workers: readonly ServingWorker[],
): SubmitWarning[] {
  const first = nodes[0];
  if (first === undefined) return [];
  if (workers.length === 0) {
    return [
      {
        code: "no_live_workers",
        message: "no worker is live: the graph's nodes wait until one starts (dago worker)",
        nodeId: first.id,
        nodeIds: nodes.map((n) => n.id),
        capabilities: [],
      },
    ];
  }
  const served = new Map<string, boolean>();
  const routing = workers.map(routingCapabilities);
  const byKey = new Map<string, SubmitWarning>();
  for (const node of nodes) {
    let ok = served.get(node.route);
    if (ok === undefined) {
      const parts = node.route === "" ? [] : node.route.split("+");
      ok = routing.some((caps) => parts.every((cap) => caps.has(cap)));
      served.set(node.route, ok);
    }
    if (ok) continue;
    const custom = !BUILTIN_TYPES.has(node.type);
    const typeServed = !custom || routing.some((caps) => caps.has(`type:${node.type}`));
    const key = typeServed ? `caps|${node.route}` : `type|${node.type}|${node.route}`;
    const known = byKey.get(key);
    if (known) {
      known.nodeIds.push(node.id);
      continue;
    }
    const capabilities = [...node.requires];
    const warning: SubmitWarning = typeServed
      ? {
          code: "no_worker_with_capabilities",
          message:
            `no live worker${custom ? ` serving type ${JSON.stringify(node.type)}` : ""} offers every capability ` +
            `of ${names(capabilities)}: the node waits until one starts`,
          nodeId: node.id,
          nodeIds: [node.id],
          capabilities,
        }
      : {
          code: "no_worker_for_type",
          message: `no live worker serves type ${JSON.stringify(node.type)}: the node waits until one registers it`,
          nodeId: node.id,
          nodeIds: [node.id],
          type: node.type,
          capabilities,
        };
    byKey.set(key, warning);
  }
  return [...byKey.values()];
}
