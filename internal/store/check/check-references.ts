// What names a graph from outside its own keys must name one that exists, as it is: each entry of a tenant's
// listing index (all its graphs, and one index per status) and each idempotency record.
import type { Redis } from "ioredis";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../../domain/state.js";
import { GRAPH_ID_PATTERN, graphKeys, partitionOf } from "../keys.js";
import { partitionKeyParser, partitionKeyPattern, scanKeys } from "./key-scan.js";
import type { Violation } from "./violation.js";

export interface ReferenceScope {
  keyPrefix: string;
  /** Only references to this graph. */
  graphId?: string;
  /** Only this tenant's index and records. */
  tenantId?: string;
  /** Ended graphs expire: their index entries and idempotency records may outlive them. */
  expiringGraphs: boolean;
}

interface GraphFacts {
  tenant: string | null;
  status: string | null;
  createdAt: string | null;
}

export async function checkReferences(redis: Redis, scope: ReferenceScope): Promise<Violation[]> {
  return [...(await checkIndexes(redis, scope)), ...(await checkIdempotencyRecords(redis, scope))];
}

/** The partition whose keys can name the graph: its own (every key a script touches is in one partition). */
function partitionOfScope(scope: ReferenceScope): number | undefined {
  return scope.graphId === undefined ? undefined : partitionOf(scope.graphId);
}

async function checkIndexes(redis: Redis, scope: ReferenceScope): Promise<Violation[]> {
  const violations: Violation[] = [];
  const parse = partitionKeyParser(scope.keyPrefix, "idx");
  for (const key of await scanKeys(
    redis,
    partitionKeyPattern(scope.keyPrefix, "idx", partitionOfScope(scope)),
  )) {
    const parsed = parse(key);
    if (!parsed) continue;
    const [partition, rest] = parsed;
    const [tenant, status] = rest.split(":", 2) as [string, string | undefined];
    if (scope.tenantId !== undefined && tenant !== scope.tenantId) continue;
    const seen = new Set<string>();
    let cursor = "0";
    do {
      const match = scope.graphId === undefined ? "*" : `*|${scope.graphId}`;
      let page: [string, string[]];
      try {
        page = await redis.zscan(key, cursor, "MATCH", match, "COUNT", 1000);
      } catch (err) {
        if (!isRefusal(err)) throw err;
        const message = `Redis refused to read ${key} as an index: ${(err as Error).message}`;
        violations.push({ graphId: key, rule: "index_mismatch", message });
        break;
      }
      const [next, flat] = page;
      cursor = next;
      const members = flat.filter((_, i) => i % 2 === 0 && !seen.has(flat[i] as string));
      for (const member of members) seen.add(member);
      violations.push(...(await checkIndexEntries(redis, scope, key, partition, tenant, status, members)));
    } while (cursor !== "0");
  }
  return violations;
}

/** Redis refusing a command (a key of the wrong type): a broken key, unlike losing Redis. */
function isRefusal(err: unknown): boolean {
  return (err as Error).name === "ReplyError";
}

/** One page of one index: each entry read with its graph's meta in one MULTI, so a status change never races. */
async function checkIndexEntries(
  redis: Redis,
  scope: ReferenceScope,
  key: string,
  partition: number,
  tenant: string,
  status: string | undefined,
  members: string[],
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const entries: Array<{ member: string; id: string; createdAt: string }> = [];
  for (const member of members) {
    const sep = member.indexOf("|");
    const id = member.slice(sep + 1);
    const graphId = GRAPH_ID_PATTERN.test(id) ? id : member;
    if (sep < 0 || graphId !== id) {
      violations.push({ graphId, rule: "index_mismatch", message: `${key} lists ${member}, not a graph` });
    } else if (partitionOf(id) !== partition) {
      const message = `${key} lists the graph, which belongs to partition ${partitionOf(id)}`;
      violations.push({ graphId: id, rule: "index_mismatch", message });
    } else entries.push({ member, id, createdAt: member.slice(0, sep) });
  }
  if (entries.length === 0) return violations;
  const multi = redis.multi();
  for (const entry of entries) {
    multi
      .zscore(key, entry.member)
      .hmget(graphKeys(scope.keyPrefix, entry.id).meta, "tenant", "status", "createdAt");
  }
  const replies = await multi.exec();
  if (!replies) throw new Error(`the read of ${key} was aborted`);
  const values = settled(replies);
  for (const [i, entry] of entries.entries()) {
    // Gone from the index since the scan: the graph moved on, nothing to compare. A meta hash Redis refuses to
    // read is the graph's own violation (unreadable).
    const fields = values[2 * i + 1];
    if (values[2 * i] === null || fields instanceof Error) continue;
    const [graphTenant, graphStatus, createdAt] = fields as Array<string | null>;
    const listed = { tenant, status, createdAt: entry.createdAt };
    const graph = { tenant: graphTenant ?? null, status: graphStatus ?? null, createdAt: createdAt ?? null };
    const problem = indexProblem(scope, key, listed, graph);
    if (problem) violations.push({ graphId: entry.id, rule: "index_mismatch", message: problem });
  }
  return violations;
}

/** What the entry says of its graph: the index's tenant and status (none: the tenant's index of every graph). */
interface Listed {
  tenant: string;
  status: string | undefined;
  createdAt: string;
}

function indexProblem(
  scope: ReferenceScope,
  key: string,
  listed: Listed,
  graph: GraphFacts,
): string | undefined {
  if (graph.status === null) {
    // An ended graph's keys expire; its index entries stay until a listing prunes them.
    const mayHaveExpired =
      listed.status === undefined || TERMINAL_GRAPH_STATUSES.has(listed.status as GraphStatus);
    if (scope.expiringGraphs && mayHaveExpired) return undefined;
    return `${key} lists the graph, which does not exist`;
  }
  if (graph.tenant !== listed.tenant) return `${key} lists the graph, which is tenant ${graph.tenant}'s`;
  if (listed.status !== undefined && graph.status !== listed.status) {
    return `${key} lists the graph, which is ${graph.status}`;
  }
  if (graph.createdAt !== listed.createdAt) {
    return `${key} lists the graph as created at ${listed.createdAt}, but it was created at ${graph.createdAt}`;
  }
  return undefined;
}

async function checkIdempotencyRecords(redis: Redis, scope: ReferenceScope): Promise<Violation[]> {
  const violations: Violation[] = [];
  const parse = partitionKeyParser(scope.keyPrefix, "idem");
  const keys = await scanKeys(redis, partitionKeyPattern(scope.keyPrefix, "idem", partitionOfScope(scope)));
  for (let from = 0; from < keys.length; from += 500) {
    const page = keys.slice(from, from + 500).filter((key) => {
      const tenant = parse(key)?.[1].split(":", 1)[0];
      return tenant !== undefined && (scope.tenantId === undefined || tenant === scope.tenantId);
    });
    const records = await readEach(redis, page, (pipeline, key) => pipeline.get(key));
    const named: Array<{ key: string; id: string; tenant: string }> = [];
    for (const [i, key] of page.entries()) {
      const record = records[i] as string | null | Error;
      if (record === null) continue;
      if (record instanceof Error) {
        const message = `Redis refused to read ${key} as a record: ${record.message}`;
        violations.push({ graphId: key, rule: "idempotency_mismatch", message });
        continue;
      }
      const [partition, rest] = parse(key) as [number, string];
      const tenant = rest.split(":", 1)[0] as string;
      const id = record.slice(0, Math.max(0, record.indexOf("\n")));
      if (scope.graphId !== undefined && id !== scope.graphId) continue;
      if (!GRAPH_ID_PATTERN.test(id)) {
        const message = `${key} holds ${JSON.stringify(record.slice(0, 80))}, not a graph id and a body hash`;
        violations.push({ graphId: id || key, rule: "idempotency_mismatch", message });
      } else if (partitionOf(id) !== partition) {
        const message = `${key} names the graph, which belongs to partition ${partitionOf(id)}`;
        violations.push({ graphId: id, rule: "idempotency_mismatch", message });
      } else named.push({ key, id, tenant });
    }
    const tenants = await readEach(redis, named, (pipeline, { id }) =>
      pipeline.hget(graphKeys(scope.keyPrefix, id).meta, "tenant"),
    );
    for (const [i, { key, id, tenant }] of named.entries()) {
      const graphTenant = tenants[i] as string | null | Error;
      if (graphTenant instanceof Error) continue;
      if (graphTenant === null) {
        if (scope.expiringGraphs) continue;
        violations.push({
          graphId: id,
          rule: "idempotency_mismatch",
          message: `${key} names the graph, which does not exist`,
        });
      } else if (graphTenant !== tenant) {
        const message = `${key} names the graph, which is tenant ${graphTenant}'s`;
        violations.push({ graphId: id, rule: "idempotency_mismatch", message });
      }
    }
  }
  return violations;
}

/** One read per item in one pipeline: each reply, or the ReplyError of a read Redis refused. */
async function readEach<T>(
  redis: Redis,
  items: T[],
  queue: (pipeline: ReturnType<Redis["pipeline"]>, item: T) => unknown,
): Promise<unknown[]> {
  if (items.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const item of items) queue(pipeline, item);
  const replies = await pipeline.exec();
  if (!replies) throw new Error("a pipelined read was aborted");
  return settled(replies);
}

/** The replies of a pipeline or MULTI, a refused command's as its ReplyError; any other failure is thrown. */
function settled(replies: Array<[Error | null, unknown]>): unknown[] {
  return replies.map(([err, value]) => {
    if (err && !isRefusal(err)) throw err;
    return err ?? value;
  });
}
