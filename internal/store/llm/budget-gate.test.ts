// The budget scripts against a real redis-server: reservation and settlement, a refusal by the tenant undoing the
// graph's part, reservations that expire into spent at their worst case, and settlement that is idempotent.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisPort } from "../../../test/helpers/redis-port.js";
import { uniquePrefix } from "../../../test/helpers/unique-prefix.js";
import { newGraphId } from "../keys.js";
import { BudgetGate, periodEnd, periodOf, readGraphBudget, readTenantBudget } from "./budget-gate.js";

let redis: Redis;

beforeAll(() => {
  redis = new Redis({ port: testRedisPort(), lazyConnect: true });
});

afterAll(() => {
  redis.disconnect();
});

const call = (graphId: string, maxTokens: number, timeoutMs = 60_000) => ({
  graphId,
  tenantId: "acme",
  graph: { maxTokens },
  timeoutMs,
});

describe("budget reservations", () => {
  it("reserve, settle to the real usage, refuse what does not fit, and settle only once", async () => {
    const prefix = uniquePrefix();
    const gate = new BudgetGate(redis, prefix, undefined);
    const graphId = newGraphId(0);
    const first = await gate.reserve(call(graphId, 100), { costNanos: 0, tokens: 60 });
    expect(first.reserved).toBe(true);
    const second = await gate.reserve(call(graphId, 100), { costNanos: 0, tokens: 60 });
    expect(second).toEqual({
      reserved: false,
      refusal: { budget: "graph", measure: "tokens", limit: 100, spent: 0, reserved: 60, needed: 60 },
    });
    if (!first.reserved) return;
    await gate.settle(first.reservation, { costNanos: 0, tokens: 20 });
    await gate.settle(first.reservation, { costNanos: 0, tokens: 20 });
    expect(await readGraphBudget(redis, prefix, graphId, { maxTokens: 100 })).toEqual({
      maxTokens: 100,
      spentCostUsd: 0,
      spentTokens: 20,
      reservedCostUsd: 0,
      reservedTokens: 0,
    });
    expect((await gate.reserve(call(graphId, 100), { costNanos: 0, tokens: 80 })).reserved).toBe(true);
  });

  it("undoes the graph's reservation when the tenant's budget refuses", async () => {
    const prefix = uniquePrefix();
    const gate = new BudgetGate(redis, prefix, { maxCostUsd: 0.000001, period: "month" });
    const graphId = newGraphId(1);
    const outcome = await gate.reserve(
      { ...call(graphId, 1000), graph: { maxTokens: 1000 } },
      { costNanos: 2000, tokens: 10 },
    );
    expect(outcome).toMatchObject({
      reserved: false,
      refusal: { budget: "tenant", measure: "costUsd", limit: 0.000001, needed: 0.000002 },
    });
    const graph = await readGraphBudget(redis, prefix, graphId, { maxTokens: 1000 });
    expect(graph.reservedTokens).toBe(0);
    const tenant = await readTenantBudget(redis, prefix, "acme", { maxCostUsd: 0.000001, period: "month" });
    expect(tenant.reservedCostUsd).toBe(0);
  });

  it("charges an expired, unsettled reservation at its worst case, and a late settle changes nothing", async () => {
    const prefix = uniquePrefix();
    // No lease margin: the reservation holds exactly the attempt's timeout.
    const gate = new BudgetGate(redis, prefix, undefined, {}, 0);
    const graphId = newGraphId(0);
    const dead = await gate.reserve(call(graphId, 100, 1), { costNanos: 0, tokens: 70 });
    expect(dead.reserved).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The next reservation sweeps the expired one into spent: 70 spent, so 40 more do not fit.
    const next = await gate.reserve(call(graphId, 100), { costNanos: 0, tokens: 40 });
    expect(next).toMatchObject({ reserved: false, refusal: { spent: 70, reserved: 0 } });
    if (dead.reserved) await gate.settle(dead.reservation, { costNanos: 0, tokens: 5 });
    const account = await readGraphBudget(redis, prefix, graphId, { maxTokens: 100 });
    expect(account.spentTokens).toBe(70);
  });

  it("names UTC periods by day and month", () => {
    const at = new Date("2026-12-31T23:59:59.000Z");
    expect(periodOf(at, "day")).toBe("2026-12-31");
    expect(periodOf(at, "month")).toBe("2026-12");
    expect(periodEnd(at, "day")).toBe(Date.parse("2027-01-01T00:00:00Z"));
    expect(periodEnd(at, "month")).toBe(Date.parse("2027-01-01T00:00:00Z"));
  });
});
