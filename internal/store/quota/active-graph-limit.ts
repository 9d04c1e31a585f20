// How many graphs a tenant may have that have not ended, shared by every API process through one sorted set per
// tenant. A slot is reserved before the graph is written and becomes the graph's once it exists. Ended graphs
// are not removed by the engine (their scripts must touch only the graph's own slot); the set is checked only
// when it looks full, and then every ended or expired graph gives its slot back at once.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../../domain/state.js";
import { DagoError } from "../../errors/index.js";
import { guardRedis } from "../../redis/unavailable.js";
import { graphKeys, isGraphId, tenantQuotaKey } from "../keys.js";
import { registerScripts } from "../script-loader.js";

/** A reservation outlives any real submission; one left by a crashed process lapses after this. */
const RESERVATION_MS = 60_000;
/** Graphs rarely end sooner; a client asked to wait less would mostly be refused again. */
const RETRY_AFTER_MS = 1000;

export interface GraphSlot {
  /** The graph was written: the slot is now that graph's. */
  confirm(graphId: string): Promise<void>;
  /** No new graph came of the submission (refused, or an idempotent repeat): the slot is free again. */
  release(): Promise<void>;
}

/**
 * Runs `op` holding `slot` (when there is one): the slot becomes the graph `graphOf` names in op's result, and is
 * freed when it names none or op fails.
 */
export async function withGraphSlot<T>(
  slot: GraphSlot | undefined,
  op: () => Promise<T>,
  graphOf: (result: T) => string | undefined,
): Promise<T> {
  let result: T;
  try {
    result = await op();
  } catch (err) {
    await slot?.release().catch(() => undefined);
    throw err;
  }
  const graphId = graphOf(result);
  if (graphId === undefined) await slot?.release();
  else await slot?.confirm(graphId);
  return result;
}

export class ActiveGraphLimit {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly maxActive: number,
  ) {
    registerScripts(redis);
  }

  async reserve(tenantId: string): Promise<GraphSlot> {
    const key = tenantQuotaKey(this.keyPrefix, tenantId, "active");
    const member = `r:${randomBytes(9).toString("base64url")}`;
    return guardRedis(this.redis, async () => {
      let reserved = await this.tryReserve(key, member);
      if (!reserved && (await this.giveBackEnded(key)) > 0) reserved = await this.tryReserve(key, member);
      if (!reserved) this.refuse(tenantId);
      return {
        confirm: async (graphId) => {
          await this.redis.multi().zrem(key, member).zadd(key, Date.now(), graphId).exec();
        },
        release: async () => {
          await this.redis.zrem(key, member);
        },
      };
    });
  }

  /**
   * A slot for an existing graph that is made live again (a node retried after it ended). A graph that still
   * holds its slot needs no other.
   */
  async reserveFor(tenantId: string, graphId: string): Promise<GraphSlot> {
    const key = tenantQuotaKey(this.keyPrefix, tenantId, "active");
    const held = await guardRedis(this.redis, () => this.redis.zscore(key, graphId));
    if (held !== null) return { confirm: async () => undefined, release: async () => undefined };
    return this.reserve(tenantId);
  }

  private async tryReserve(key: string, member: string): Promise<boolean> {
    const [reserved] = await this.redis.reserveGraphSlot(key, member, this.maxActive, RESERVATION_MS);
    return reserved === 1;
  }

  /** Removes the graphs that ended or no longer exist; returns how many slots came free. */
  private async giveBackEnded(key: string): Promise<number> {
    const graphIds = (await this.redis.zrange(key, 0, -1)).filter(isGraphId);
    if (graphIds.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const graphId of graphIds) pipeline.hget(graphKeys(this.keyPrefix, graphId).meta, "status");
    const replies = (await pipeline.exec()) ?? [];
    const ended = graphIds.filter((_, i) => {
      const [err, status] = replies[i] ?? [null, null];
      if (err) throw err;
      return status === null || TERMINAL_GRAPH_STATUSES.has(status as GraphStatus);
    });
    if (ended.length === 0) return 0;
    return this.redis.zrem(key, ...ended);
  }

  private refuse(tenantId: string): never {
    throw new DagoError(
      "too_many_active_graphs",
      `tenant ${JSON.stringify(tenantId)} already has ${this.maxActive} graphs that have not ended`,
      [],
      { retryAfterMs: RETRY_AFTER_MS },
    );
  }
}
