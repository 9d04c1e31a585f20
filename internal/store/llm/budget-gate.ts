// Budgets that fail closed: before an LLM call its worst case is reserved against the graph's budget (keys under
// the graph's partition tag) and then the tenant's for the period (keys under the tenant's tag): two scripts, as
// no script may touch two slots, and the graph's reservation is undone when the tenant's refuses. After the call
// each reservation is settled to the real usage, which frees the rest. A reservation never settled (its worker
// died) expires into spent at its worst case, so a crash can only make a budget stricter, never overspend it.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { BudgetAccount, GraphBudget } from "../../domain/graph-budget.js";
import { usdToNanos } from "../../domain/usage.js";
import { graphKeys, tenantBudgetKeys } from "../keys.js";
import { registerScripts } from "../script-loader.js";

export type BudgetPeriod = "day" | "month";

/** A tenant's limits per period; an absent limit is no limit. */
export interface TenantBudgetSettings {
  maxCostUsd?: number;
  maxTokens?: number;
  period: BudgetPeriod;
}

/** A call's worst case, or what it really used: cost in whole nano-USD, tokens of every kind together. */
export interface BudgetAmount {
  costNanos: number;
  tokens: number;
}

export type BudgetScope = "graph" | "tenant";

/** Why a call did not fit: which budget, which measure, and its numbers (USD for cost). */
export interface BudgetRefusal {
  budget: BudgetScope;
  measure: "costUsd" | "tokens";
  limit: number;
  spent: number;
  reserved: number;
  needed: number;
  /** The tenant's period ("2026-12"), for a tenant budget. */
  period?: string;
}

export interface BudgetReservation {
  token: string;
  graphId: string;
  tenantId: string;
  /** Set when the tenant has a budget: the period the reservation was taken in (and is settled in). */
  period?: string;
  /** Whether the graph's budget holds part of it. */
  graph: boolean;
}

/** A distinct outcome, not an exception, so a caller may wait for a raise instead of failing (a later change). */
export type ReserveOutcome =
  | { reserved: true; reservation: BudgetReservation }
  | { reserved: false; refusal: BudgetRefusal };

/** Told where a tenant's budget stands after each reservation and settlement this process made. */
export interface BudgetObserver {
  /** A call of this tenant asked its budget (fitting or not). */
  tenantSeen?(tenantId: string): void;
  tenantBudget?(tenantId: string, account: BudgetAccount): void;
}

/** How long a tenant's account outlives its period, so the last period can still be read. */
const PERIOD_MARGIN_MS = 7 * 86_400_000;

export class BudgetGate {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    readonly tenant: TenantBudgetSettings | undefined,
    private readonly observer: BudgetObserver = {},
    /** How long past the attempt's timeout a reservation holds (its worker may just be slow). */
    private readonly leaseMarginMs = 5000,
  ) {
    registerScripts(redis);
    if (tenant && tenant.maxCostUsd === undefined && tenant.maxTokens === undefined) this.tenant = undefined;
  }

  /** Whether any budget applies to a graph's calls, and whether one limits cost (then every model needs a price). */
  applies(graph: GraphBudget | undefined): { any: boolean; cost: boolean } {
    const cost = graph?.maxCostUsd !== undefined || this.tenant?.maxCostUsd !== undefined;
    const tokens = graph?.maxTokens !== undefined || this.tenant?.maxTokens !== undefined;
    return { any: cost || tokens, cost };
  }

  /**
   * Raises a graph's budget to the limits a person approved (onBudgetExceeded "approval"): they replace the
   * spec's from the next reservation on, for every node of the graph. Idempotent: applying a decision twice
   * (a worker that died after it) sets the same limits.
   */
  async raise(graphId: string, limits: GraphBudget): Promise<void> {
    const fields: Array<string | number> = [];
    if (limits.maxCostUsd !== undefined) fields.push("raisedNano", usdToNanos(limits.maxCostUsd));
    if (limits.maxTokens !== undefined) fields.push("raisedTokens", limits.maxTokens);
    if (fields.length > 0) await this.redis.hset(graphKeys(this.keyPrefix, graphId).budget, ...fields);
  }

  /** Reserves `need` against the graph's budget, then the tenant's; throws when Redis cannot be reached. */
  async reserve(
    call: { graphId: string; tenantId: string; graph: GraphBudget | undefined; timeoutMs: number },
    need: BudgetAmount,
    now = new Date(),
  ): Promise<ReserveOutcome> {
    const token = randomBytes(9).toString("base64url");
    const holdMs = call.timeoutMs + this.leaseMarginMs;
    const reservation: BudgetReservation = {
      token,
      graphId: call.graphId,
      tenantId: call.tenantId,
      graph: false,
    };
    const g = call.graph;
    if (g && (g.maxCostUsd !== undefined || g.maxTokens !== undefined)) {
      const keys = graphKeys(this.keyPrefix, call.graphId);
      const reply = await this.redis.reserveBudget(
        keys.budget,
        keys.budgetOpen,
        keys.meta,
        token,
        g.maxCostUsd === undefined ? -1 : usdToNanos(g.maxCostUsd),
        g.maxTokens ?? -1,
        need.costNanos,
        need.tokens,
        holdMs,
        0,
      );
      const refusal = refusalOf(reply, "graph", need);
      if (refusal) return { reserved: false, refusal };
      reservation.graph = true;
    }
    const t = this.tenant;
    if (t) {
      this.observer.tenantSeen?.(call.tenantId);
      const period = periodOf(now, t.period);
      const [account, open] = tenantBudgetKeys(this.keyPrefix, call.tenantId, period);
      let reply: number[];
      try {
        reply = await this.redis.reserveBudget(
          account,
          open,
          account,
          token,
          t.maxCostUsd === undefined ? -1 : usdToNanos(t.maxCostUsd),
          t.maxTokens ?? -1,
          need.costNanos,
          need.tokens,
          holdMs,
          periodEnd(now, t.period) - now.getTime() + PERIOD_MARGIN_MS,
        );
      } catch (err) {
        await this.undoGraph(reservation);
        throw err;
      }
      const refusal = refusalOf(reply, "tenant", need);
      if (refusal) {
        await this.undoGraph(reservation);
        return { reserved: false, refusal: { ...refusal, period } };
      }
      reservation.period = period;
      this.report(call.tenantId, t, reply);
    }
    return { reserved: true, reservation };
  }

  /** Settles both parts of a reservation to what the call used; idempotent. */
  async settle(reservation: BudgetReservation, used: BudgetAmount): Promise<void> {
    const cost = Math.max(0, Math.ceil(used.costNanos));
    const tokens = Math.max(0, Math.ceil(used.tokens));
    if (reservation.graph) {
      const keys = graphKeys(this.keyPrefix, reservation.graphId);
      await this.redis.settleBudget(keys.budget, keys.budgetOpen, reservation.token, cost, tokens);
    }
    if (reservation.period !== undefined) {
      const [account, open] = tenantBudgetKeys(this.keyPrefix, reservation.tenantId, reservation.period);
      const reply = await this.redis.settleBudget(account, open, reservation.token, cost, tokens);
      if (this.tenant) this.report(reservation.tenantId, this.tenant, reply);
    }
  }

  private report(tenantId: string, settings: TenantBudgetSettings, reply: number[]): void {
    if (!this.observer.tenantBudget) return;
    const [, spentNano = 0, spentTokens = 0, reservedNano = 0, reservedTokens = 0] = reply.map(Number);
    const account: BudgetAccount = {
      spentCostUsd: spentNano / 1e9,
      spentTokens,
      reservedCostUsd: reservedNano / 1e9,
      reservedTokens,
    };
    if (settings.maxCostUsd !== undefined) account.maxCostUsd = settings.maxCostUsd;
    if (settings.maxTokens !== undefined) account.maxTokens = settings.maxTokens;
    this.observer.tenantBudget(tenantId, account);
  }

  private async undoGraph(reservation: BudgetReservation): Promise<void> {
    if (!reservation.graph) return;
    const keys = graphKeys(this.keyPrefix, reservation.graphId);
    // If even this fails, the reservation expires into spent: stricter, never over.
    await this.redis.settleBudget(keys.budget, keys.budgetOpen, reservation.token, 0, 0).catch(() => 0);
  }
}

function refusalOf(reply: number[], budget: BudgetScope, need: BudgetAmount): BudgetRefusal | undefined {
  const [code, limit = 0, spent = 0, reserved = 0] = reply.map(Number);
  if (code === 1) return undefined;
  if (code === -1) {
    return {
      budget,
      measure: "costUsd",
      limit: limit / 1e9,
      spent: spent / 1e9,
      reserved: reserved / 1e9,
      needed: need.costNanos / 1e9,
    };
  }
  return { budget, measure: "tokens", limit, spent, reserved, needed: need.tokens };
}

/** The UTC period a moment falls in: "2026-12-03" by day, "2026-12" by month. */
export function periodOf(now: Date, period: BudgetPeriod): string {
  const day = now.toISOString().slice(0, 10);
  return period === "day" ? day : day.slice(0, 7);
}

/** When the UTC period of `now` ends, in ms since the epoch. */
export function periodEnd(now: Date, period: BudgetPeriod): number {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return period === "day" ? Date.UTC(y, m, now.getUTCDate() + 1) : Date.UTC(y, m + 1, 1);
}

/** Reads one budget account (the graph's, or a tenant's for a period); zeros when nothing was reserved yet. */
export async function readBudgetAccount(
  redis: Redis,
  keys: { account: string },
  limits: { maxCostUsd?: number; maxTokens?: number },
): Promise<BudgetAccount> {
  const [spentNano, spentTokens, reservedNano, reservedTokens, raisedNano, raisedTokens] = await redis.hmget(
    keys.account,
    "spentNano",
    "spentTokens",
    "reservedNano",
    "reservedTokens",
    "raisedNano",
    "raisedTokens",
  );
  const account: BudgetAccount = {
    spentCostUsd: Number(spentNano ?? 0) / 1e9,
    spentTokens: Number(spentTokens ?? 0),
    reservedCostUsd: Number(reservedNano ?? 0) / 1e9,
    reservedTokens: Number(reservedTokens ?? 0),
  };
  if (limits.maxCostUsd !== undefined) account.maxCostUsd = limits.maxCostUsd;
  if (limits.maxTokens !== undefined) account.maxTokens = limits.maxTokens;
  // A raise a person approved replaces the spec's limit (reserveBudget-3.lua does the same).
  if (raisedNano !== null) account.maxCostUsd = Number(raisedNano) / 1e9;
  if (raisedTokens !== null) account.maxTokens = Number(raisedTokens);
  return account;
}

/** A graph's budget account. */
export function readGraphBudget(
  redis: Redis,
  keyPrefix: string,
  graphId: string,
  budget: GraphBudget,
): Promise<BudgetAccount> {
  return readBudgetAccount(redis, { account: graphKeys(keyPrefix, graphId).budget }, budget);
}

/** A tenant's budget account for the current period. */
export function readTenantBudget(
  redis: Redis,
  keyPrefix: string,
  tenantId: string,
  settings: TenantBudgetSettings,
  now = new Date(),
): Promise<BudgetAccount> {
  const [account] = tenantBudgetKeys(keyPrefix, tenantId, periodOf(now, settings.period));
  return readBudgetAccount(redis, { account }, settings);
}
