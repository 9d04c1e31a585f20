// Key layout. Every key of a graph, and its partition's ready streams, timer set and log, carries the hash tag
// {p} of the graph's partition, so each script touches one slot and runs unchanged on a Redis Cluster.
import { randomBytes } from "node:crypto";

import { partitionOf } from "../domain/graph-id.js";

export { GRAPH_ID_PATTERN, isGraphId, partitionOf } from "../domain/graph-id.js";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

export function partitionPrefix(keyPrefix: string, partition: number): string {
  return `${keyPrefix}:{${partition}}:`;
}

export function graphKeys(keyPrefix: string, graphId: string) {
  const prefix = partitionPrefix(keyPrefix, partitionOf(graphId));
  const base = `${prefix}g:${graphId}`;
  return {
    prefix,
    meta: base,
    nodes: `${base}:n`,
    spec: `${base}:s`,
    kids: `${base}:k`,
    out: `${base}:o`,
    events: `${base}:e`,
    /** The graph's budget account and its open reservations (scripts/llm/reserveBudget-3.lua). */
    budget: `${base}:b`,
    budgetOpen: `${base}:br`,
    timers: `${prefix}timers`,
  };
}

export function readyStreamKey(keyPrefix: string, partition: number, route: string): string {
  const base = `${partitionPrefix(keyPrefix, partition)}ready`;
  return route === "" ? base : `${base}:${route}`;
}

export function timersKey(keyPrefix: string, partition: number): string {
  return `${partitionPrefix(keyPrefix, partition)}timers`;
}

export function tenantIndexKey(
  keyPrefix: string,
  partition: number,
  tenantId: string,
  status?: string,
): string {
  const base = `${partitionPrefix(keyPrefix, partition)}idx:${tenantId}`;
  return status ? `${base}:${status}` : base;
}

/** A tenant's approvals (and other decisions) waiting in the partition: members graph|node, scored by since when. */
export function waitingDecisionsKey(keyPrefix: string, partition: number, tenantId: string): string {
  return `${partitionPrefix(keyPrefix, partition)}waiting:${tenantId}`;
}

export function idempotencyKey(keyPrefix: string, partition: number, tenantId: string, key: string): string {
  return `${partitionPrefix(keyPrefix, partition)}idem:${tenantId}:${key}`;
}

/** Routes seen so far (global set): workers read the ready streams of the routes whose capabilities they have. */
export function routesKey(keyPrefix: string): string {
  return `${keyPrefix}:routes`;
}

export function workersKey(keyPrefix: string): string {
  return `${keyPrefix}:workers`;
}

export function workerKey(keyPrefix: string, workerId: string): string {
  return `${keyPrefix}:worker:${workerId}`;
}

export function controlChannel(keyPrefix: string): string {
  return `${keyPrefix}:control`;
}

/** The pub/sub channel workers publish NodeOutputDelta messages on and every gateway listens to. */
export function outputDeltaChannel(keyPrefix: string): string {
  return `${keyPrefix}:deltas`;
}

/** The partition's log: every event of its graphs, mirrored by the scripts for the live transports. */
export function partitionLogKey(keyPrefix: string, partition: number): string {
  return `${partitionPrefix(keyPrefix, partition)}log`;
}

/** A tenant's quota keys; the hash tag keeps each in the tenant's own Redis Cluster slot. */
export function tenantQuotaKey(keyPrefix: string, tenantId: string, what: "rate" | "active"): string {
  return `${keyPrefix}:quota:{${tenantId}}:${what}`;
}

/**
 * A tenant's budget account for one period ("2026-12" or "2026-12-03", UTC) and its open reservations; the hash
 * tag keeps both in the tenant's own Redis Cluster slot.
 */
export function tenantBudgetKeys(keyPrefix: string, tenantId: string, period: string): [string, string] {
  const base = `${keyPrefix}:budget:{${tenantId}}:${period}`;
  return [base, `${base}:r`];
}

/** The three keys of one LLM provider's shared gate; the hash tag keeps them in one Redis Cluster slot. */
export function providerKeys(keyPrefix: string, provider: string): [string, string, string] {
  const base = `${keyPrefix}:llm:{${provider}}`;
  return [`${base}:breaker`, `${base}:active`, `${base}:rpm`];
}

/** FNV-1a: spreads idempotency keys (and so their graphs) over partitions. */
export function hashToPartition(text: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** A time-ordered id (48-bit milliseconds + 80 random bits, Crockford base32) with its partition appended. */
export function newGraphId(partition: number, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += CROCKFORD[(random[i] as number) % 32];
  return `${time}${rand}-${partition}`;
}

/**
 * A tenant's templates: the index of their names and one hash per template (its versions and their metadata).
 * The hash tag keeps a tenant's templates in one Redis Cluster slot, so pushing a version is one script.
 */
export function templateKey(keyPrefix: string, tenantId: string, name: string): string {
  return `${keyPrefix}:tpl:{${tenantId}}:t:${name}`;
}

export function templateNamesKey(keyPrefix: string, tenantId: string): string {
  return `${keyPrefix}:tpl:{${tenantId}}:names`;
}
