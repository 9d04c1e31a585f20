// The tenant's nodes that wait for a decision, oldest first, across partitions. Each partition keeps its own
// sorted set (waitingDecisionsKey: members graph|node scored by since when), kept by the scripts in the same step
// as the wait begins or ends, so the list is never out of step with the nodes.
import type { Redis } from "ioredis";
import type { ResolvedNode } from "../domain/graph-spec.js";
import { graphKeys, waitingDecisionsKey } from "./keys.js";
import type { StoredNodeState } from "./projection.js";

/** A position in the list: past every entry that sorts before or at (since, member). */
export interface WaitingCursor {
  since: number;
  member: string;
}

export interface WaitingEntry {
  graphId: string;
  nodeId: string;
  since: number;
  member: string;
}

export interface WaitingNode extends WaitingEntry {
  graphName: string;
  graphStatus: string;
  state: StoredNodeState;
  spec: ResolvedNode;
}

const after = (a: WaitingEntry, c: WaitingCursor): boolean =>
  a.since > c.since || (a.since === c.since && a.member > c.member);

/** The first `limit` entries past `cursor` (with one more to tell whether a next page exists). */
export async function readWaitingEntries(
  redis: Redis,
  keyPrefix: string,
  partitions: number,
  tenantId: string,
  limit: number,
  cursor?: WaitingCursor,
): Promise<WaitingEntry[]> {
  const want = limit + 1;
  const perPartition = await Promise.all(
    Array.from({ length: partitions }, (_, p) =>
      readPartition(redis, waitingDecisionsKey(keyPrefix, p, tenantId), want, cursor),
    ),
  );
  return perPartition
    .flat()
    .sort((a, b) => a.since - b.since || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
    .slice(0, want);
}

/** Entries scored at the cursor's time may sort before it: read on until `want` entries lie past it. */
async function readPartition(
  redis: Redis,
  key: string,
  want: number,
  cursor?: WaitingCursor,
): Promise<WaitingEntry[]> {
  const found: WaitingEntry[] = [];
  const min = cursor ? String(cursor.since) : "-inf";
  for (let offset = 0; ; offset += want) {
    const flat = await redis.zrangebyscore(key, min, "+inf", "WITHSCORES", "LIMIT", offset, want);
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const member = flat[i] as string;
      const bar = member.lastIndexOf("|");
      const entry = {
        graphId: member.slice(0, bar),
        nodeId: member.slice(bar + 1),
        since: Number(flat[i + 1]),
        member,
      };
      if (!cursor || after(entry, cursor)) found.push(entry);
    }
    if (found.length >= want || flat.length < want * 2) return found;
  }
}

/** Each entry's node state, spec and graph header, read in one pipeline; entries whose graph is gone drop out. */
export async function readWaitingNodes(
  redis: Redis,
  keyPrefix: string,
  entries: readonly WaitingEntry[],
): Promise<WaitingNode[]> {
  const pipeline = redis.pipeline();
  for (const entry of entries) {
    const keys = graphKeys(keyPrefix, entry.graphId);
    pipeline.hget(keys.nodes, entry.nodeId).hget(keys.spec, entry.nodeId).hget(keys.spec, ":graph");
    pipeline.hget(keys.meta, "status");
  }
  const replies = (await pipeline.exec()) ?? [];
  const nodes: WaitingNode[] = [];
  entries.forEach((entry, i) => {
    const [state, spec, header, status] = replies.slice(i * 4, i * 4 + 4).map(([err, value]) => {
      if (err) throw err;
      return value as string | null;
    });
    if (!state || !spec || !status) return;
    nodes.push({
      ...entry,
      graphName: (JSON.parse(header ?? "{}") as { name?: string }).name ?? "",
      graphStatus: status,
      state: JSON.parse(state) as StoredNodeState,
      spec: JSON.parse(spec) as ResolvedNode,
    });
  });
  return nodes;
}
