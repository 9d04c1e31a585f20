// The invariant checker (internal/store/check) and `dago check` against the suite's private Redis: clean on graphs the
// engine ran (succeeded, failed, cancelled, retried, skipped), and it does report each kind of violation once a
// graph is corrupted by hand: a projection edited, a transition recorded twice, a node started before its
// dependency, a graph still running where only ended ones are expected, a graph's keys torn apart or its history
// out of step with its projection, a stray key, index entries and idempotency records that name no such graph.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckOptions,
  type CheckReport,
  checkGraphs,
  type Violation,
} from "../../internal/store/check/index.js";
import type { StreamEntry } from "../../internal/store/event-codec.js";
import {
  graphKeys,
  idempotencyKey,
  newGraphId,
  partitionOf,
  tenantIndexKey,
} from "../../internal/store/keys.js";
import { DAGO_BIN } from "../helpers/build.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { failingExecutor, sleepExecutor } from "../helpers/test-executors.js";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function dagoCheck(
  args: string[],
  keyPrefix: string,
  redisUrl?: string,
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      REDIS_URL: redisUrl ?? `redis://127.0.0.1:${testRedisPort()}`,
      DAGO_KEY_PREFIX: keyPrefix,
      ...extraEnv,
    };
    execFile(
      process.execPath,
      [DAGO_BIN, "check", ...args],
      { env, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") reject(err);
        else resolve({ code: typeof err?.code === "number" ? err.code : 0, stdout, stderr });
      },
    );
  });
}

/** A copy of a graph in the same partition whose history is re-recorded in the order `reorder` gives. */
async function copyStoredGraph(
  h: Harness,
  sourceId: string,
  reorder: (entries: StreamEntry[]) => StreamEntry[] = (entries) => entries,
): Promise<string> {
  const id = newGraphId(partitionOf(sourceId));
  const from = graphKeys(h.keyPrefix, sourceId);
  const to = graphKeys(h.keyPrefix, id);
  for (const suffix of ["meta", "nodes", "spec", "kids", "out"] as const) {
    const hash = await h.redis.hgetall(from[suffix]);
    if (Object.keys(hash).length > 0) await h.redis.hset(to[suffix], hash);
  }
  const entries = reorder((await h.redis.xrange(from.events, "-", "+")) as StreamEntry[]);
  let last = "";
  for (const [, fields] of entries) last = (await h.redis.xadd(to.events, "*", ...fields)) as string;
  await h.redis.hset(to.meta, "last", last);
  return id;
}

const byMessage = (a: { message: string }, b: { message: string }) => (a.message < b.message ? -1 : 1);

function rulesOf(report: CheckReport, graphId: string): string[] {
  return [...new Set(report.violations.filter((v) => v.graphId === graphId).map((v) => v.rule))].sort();
}

describe("on graphs the engine ran", () => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker({ executors: [failingExecutor(), sleepExecutor()] });
    ids.push(
      await h.submit({
        name: "fan",
        nodes: [
          { id: "a", type: "llm", prompt: "hi" },
          { id: "b", type: "noop", dependsOn: ["a"] },
          { id: "c", type: "noop", dependsOn: ["a"], when: "nodes.a.output == 'never'" },
          { id: "d", type: "noop", dependsOn: ["b", "c"] },
        ],
      }),
      await h.submit({
        name: "fails-on",
        nodes: [
          { id: "bad", type: "failing", continueOnFailure: true, retry: { maxAttempts: 2, backoffMs: 10 } },
          { id: "below", type: "noop", dependsOn: ["bad"] },
          { id: "fine", type: "noop" },
        ],
      }),
      await h.submit({ name: "fails", nodes: [{ id: "bad", type: "failing", retryable: false }] }, "other"),
      // Nobody serves "unserved": the node fails with no_worker once it waited its scheduleTimeoutMs.
      await h.submit({
        name: "no-worker",
        nodes: [
          { id: "lost", type: "unserved", scheduleTimeoutMs: 100, continueOnFailure: true },
          { id: "after", type: "noop", dependsOn: ["lost"] },
          { id: "fine", type: "noop" },
        ],
      }),
    );
    for (const id of ids) await h.waitForEnd(id);
    await h.engine.retryNode(ids[2] as string, "bad", "local");
    await h.waitForEnd(ids[2] as string);
    const cancelled = await h.submit({ name: "cancelled", nodes: [{ id: "s", type: "sleep" }] });
    await h.waitFor(cancelled, (s) => s.nodes.s?.status === "running");
    await h.engine.cancel(cancelled, "local");
    ids.push(cancelled);
  });
  afterAll(async () => {
    await h.close();
  });

  it("finds no violation, and counts the graphs by status and tenant", async () => {
    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, requireTerminal: true });
    expect(report.violations).toEqual([]);
    expect(report.graphs).toBe(5);
    expect(report.statuses).toEqual({ succeeded: 3, failed: 1, cancelled: 1 });
    const other = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, tenantId: "other" });
    expect(other).toMatchObject({ graphs: 1, statuses: { failed: 1 }, violations: [] });
  });

  it("dago check prints a clean report and exits 0; --graph of an unknown graph exits 4", async () => {
    const clean = await dagoCheck(["--terminal"], h.keyPrefix);
    expect(clean.stdout).toBe("checked 5 graphs (1 cancelled, 1 failed, 3 succeeded)\nno violations\n");
    expect(clean.code).toBe(0);
    const one = await dagoCheck(["--graph", ids[0] as string, "--json"], h.keyPrefix);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({
      ok: true,
      graphs: 1,
      statuses: { succeeded: 1 },
      violations: [],
    });
    const unknown = await dagoCheck(["--graph", newGraphId(1)], h.keyPrefix);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/^dago: no graph \S+ under key prefix/);
    const wrongTenant = await dagoCheck(["--graph", ids[0] as string, "--tenant", "other"], h.keyPrefix);
    expect(wrongTenant.code).toBe(4);
  });

  it("dago check refuses a malformed graph id (2) and says when Redis is unreachable (6)", async () => {
    const bad = await dagoCheck(["--graph", "nope"], h.keyPrefix);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--graph must be a graph id");
    const away = await dagoCheck([], h.keyPrefix, "redis://127.0.0.1:1");
    expect(away.code).toBe(6);
    expect(away.stderr).toContain("cannot reach Redis at 127.0.0.1:1");
  });
});

describe("on graphs corrupted by hand", () => {
  let h: Harness;
  let chain: string;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    chain = await h.submit({
      name: "chain",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    });
    await h.waitForEnd(chain);
  });
  afterAll(async () => {
    await h.close();
  });

  const copyGraph = (sourceId: string, reorder: (entries: StreamEntry[]) => StreamEntry[]) =>
    copyStoredGraph(h, sourceId, reorder);

  it("reports a projection edited behind the engine's back", async () => {
    const id = await copyGraph(chain, (entries) => entries);
    expect((await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id })).violations).toEqual([]);
    const keys = graphKeys(h.keyPrefix, id);
    const b = JSON.parse((await h.redis.hget(keys.nodes, "b")) as string);
    await h.redis.hset(keys.nodes, "b", JSON.stringify({ ...b, s: "running" }));

    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id });
    expect(rulesOf(report, id)).toEqual(["counter_mismatch", "projection_mismatch"]);
    expect(report.violations).toContainEqual({
      graphId: id,
      rule: "projection_mismatch",
      nodeId: "b",
      message: 'nodes.b.status: "running" in the projection, "succeeded" in the fold of the events',
    });
  });

  it("reports a completion recorded twice", async () => {
    const id = await copyGraph(chain, (entries) => {
      const completed = entries.find(([, fields]) => fields.includes("NodeCompleted")) as StreamEntry;
      const at = entries.indexOf(completed);
      return [...entries.slice(0, at + 1), completed, ...entries.slice(at + 1)];
    });
    await h.redis.hincrby(graphKeys(h.keyPrefix, id).meta, "v", 1);
    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id });
    const twice = report.violations.find((v) => v.rule === "invalid_transition");
    expect(twice).toMatchObject({
      nodeId: "a",
      message: "NodeCompleted (attempt 1) of a node that is succeeded",
    });
  });

  it("reports a node started before its dependency completed", async () => {
    // b's NodeReady and NodeStarted moved before a's NodeCompleted: the same events, the same end state.
    const id = await copyGraph(chain, (entries) => {
      const isB = ([, fields]: StreamEntry) =>
        fields.includes("b") && (fields.includes("NodeReady") || fields.includes("NodeStarted"));
      const moved = entries.filter(isB);
      const rest = entries.filter((e) => !isB(e));
      const at = rest.findIndex(([, fields]) => fields.includes("NodeCompleted"));
      return [...rest.slice(0, at), ...moved, ...rest.slice(at)];
    });
    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id });
    expect(rulesOf(report, id)).toEqual(["dependency_order"]);
    expect(report.violations[0]?.message).toBe("NodeReady while dependencies had not succeeded: a (running)");

    const cli = await dagoCheck([], h.keyPrefix);
    expect(cli.code).toBe(9);
    expect(cli.stdout).toContain(`${id} dependency_order (node b, event `);
    expect(cli.stdout).toMatch(/^\d+ violations in 3 graphs:$/m);
  });

  it("reports a graph whose keys Redis refuses to read as such", async () => {
    const id = await copyGraph(chain, (entries) => entries);
    const keys = graphKeys(h.keyPrefix, id);
    await h.redis.del(keys.nodes);
    await h.redis.set(keys.nodes, "not a hash");
    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: id });
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ graphId: id, rule: "unreadable" });
    expect(report.violations[0]?.message).toContain("WRONGTYPE");
    await h.redis.del(keys.nodes);
  });

  it("reports a graph that has not ended when only ended graphs are expected", async () => {
    const running = await h.submit({ name: "stuck", nodes: [{ id: "x", type: "never-served" }] });
    await h.waitFor(running, (s) => s.nodes.x?.status === "ready");
    expect((await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, graphId: running })).violations).toEqual([]);
    const report = await checkGraphs(h.redis, {
      keyPrefix: h.keyPrefix,
      graphId: running,
      requireTerminal: true,
    });
    expect(report.violations).toEqual([
      { graphId: running, rule: "not_terminal", message: "the graph is still running" },
    ]);
  });
});

describe("on keys torn, left over or naming no such graph", () => {
  let h: Harness;
  let chain: string;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    const spec = {
      name: "chain",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    };
    chain = (await h.service.submit("default", spec, { idempotencyKey: "chain-once" })).graph.id;
    await h.waitForEnd(chain);
  });
  afterAll(async () => {
    await h.close();
  });

  const check = (options: Partial<CheckOptions> = {}) =>
    checkGraphs(h.redis, { keyPrefix: h.keyPrefix, ...options });
  const ofRule = (report: CheckReport, rule: Violation["rule"]) =>
    report.violations.filter((v) => v.rule === rule).sort(byMessage);

  it("finds nothing wrong with a graph, its index entries and its idempotency record as the engine wrote them", async () => {
    expect(await check()).toEqual({ graphs: 1, statuses: { succeeded: 1 }, violations: [] });
    expect(await h.redis.keys(`${h.keyPrefix}:*:idem:*`)).toHaveLength(1);
    expect((await h.redis.keys(`${h.keyPrefix}:*:idx:*`)).sort()).toEqual([
      tenantIndexKey(h.keyPrefix, partitionOf(chain), "default"),
      tenantIndexKey(h.keyPrefix, partitionOf(chain), "default", "succeeded"),
    ]);
  });

  it("reports a graph's keys left without its meta hash, and a meta hash without its fields", async () => {
    const orphan = await copyStoredGraph(h, chain);
    const keys = graphKeys(h.keyPrefix, orphan);
    const present: string[] = [];
    for (const name of ["nodes", "spec", "kids", "out", "events"] as const) {
      if (await h.redis.exists(keys[name])) present.push(name);
    }
    await h.redis.del(keys.meta);
    expect((await check({ graphId: orphan })).violations).toEqual([
      {
        graphId: orphan,
        rule: "torn_graph",
        message: `keys ${present.join(", ")} exist without the graph's meta hash`,
      },
    ]);
    const lacking = await copyStoredGraph(h, chain);
    await h.redis.hdel(graphKeys(h.keyPrefix, lacking).meta, "last", "total");
    expect((await check({ graphId: lacking })).violations).toEqual([
      { graphId: lacking, rule: "torn_graph", message: "the meta hash lacks total, last" },
    ]);
  });

  it("reports node states and specs missing or left over, and a missing event stream", async () => {
    const id = await copyStoredGraph(h, chain);
    const keys = graphKeys(h.keyPrefix, id);
    await h.redis.hset(keys.nodes, "ghost", (await h.redis.hget(keys.nodes, "a")) as string);
    await h.redis.hdel(keys.spec, ":order");
    await h.redis.del(keys.events);
    const report = await check({ graphId: id });
    expect(report.violations.map((v) => `${v.rule}: ${v.message}`)).toEqual([
      "torn_graph: the event stream is missing",
      "torn_graph: 3 node states for 2 nodes",
      "torn_graph: the spec hash holds 3 fields for 2 nodes, :graph and :order",
    ]);
  });

  it("reports a version that is not the number of events and a last event that is not the stream's", async () => {
    const id = await copyStoredGraph(h, chain);
    const meta = graphKeys(h.keyPrefix, id).meta;
    const [version, last] = await h.redis.hmget(meta, "v", "last");
    await h.redis.hset(meta, "v", Number(version) + 1, "last", "1-0");
    expect(ofRule(await check({ graphId: id }), "event_order")).toEqual([
      {
        graphId: id,
        rule: "event_order",
        message: `the projection's last event is 1-0, the stream's is ${last}`,
      },
      {
        graphId: id,
        rule: "event_order",
        message: `the projection's version is ${Number(version) + 1}, but the graph has ${version} events`,
      },
    ]);
  });

  it("reports a history that does not go on with GraphStarted after GraphSubmitted", async () => {
    const id = await copyStoredGraph(h, chain, (entries) =>
      entries.filter(([, fields]) => !fields.includes("GraphStarted")),
    );
    await h.redis.hincrby(graphKeys(h.keyPrefix, id).meta, "v", -1);
    const second = ((await h.redis.xrange(graphKeys(h.keyPrefix, id).events, "-", "+")) as StreamEntry[])[1];
    expect(ofRule(await check({ graphId: id }), "event_order")).toEqual([
      {
        graphId: id,
        rule: "event_order",
        nodeId: "a",
        eventId: second?.[0],
        message: "the history's second event is NodeReady, not GraphStarted",
      },
    ]);
  });

  it("reports keys among a partition's graph keys that belong to no graph", async () => {
    const p = partitionOf(chain);
    const strays = [
      `${graphKeys(h.keyPrefix, chain).meta}:zz`,
      `${h.keyPrefix}:{${p}}:g:${newGraphId((p + 1) % 4)}`,
      `${h.keyPrefix}:{${p}}:g:not-a-graph`,
    ];
    for (const key of strays) await h.redis.set(key, "x");
    try {
      const found = ofRule(await check(), "stray_key").map((v) => v.message);
      expect(found).toEqual(strays.map((key) => `${key} is no key of a graph`).sort());
      // They name no tenant: one tenant's check does not look at them.
      expect(ofRule(await check({ tenantId: "default" }), "stray_key")).toEqual([]);
    } finally {
      await h.redis.del(...strays);
    }
  });

  it("reports index entries naming a graph that does not exist, or not as it is", async () => {
    const p = partitionOf(chain);
    const createdAt = (await h.redis.hget(graphKeys(h.keyPrefix, chain).meta, "createdAt")) as string;
    const gone = newGraphId(p);
    const index = (status?: string, tenant = "default") => tenantIndexKey(h.keyPrefix, p, tenant, status);
    const entries: Array<[string, string]> = [
      [index("running"), `${createdAt}|${chain}`],
      [index(undefined, "other"), `${createdAt}|${chain}`],
      [index(), `1|${chain}`],
      [index(), `1|${gone}`],
      [index("succeeded"), `1|${gone}`],
      [index("running"), `1|${gone}`],
    ];
    for (const [key, member] of entries) await h.redis.zadd(key, 0, member);
    try {
      const mismatch = (graphId: string, message: string) => ({ graphId, rule: "index_mismatch", message });
      const wrongChain = [
        mismatch(chain, `${index()} lists the graph as created at 1, but it was created at ${createdAt}`),
        mismatch(chain, `${index(undefined, "other")} lists the graph, which is tenant default's`),
        mismatch(chain, `${index("running")} lists the graph, which is succeeded`),
      ];
      const missing = [index(), index("running"), index("succeeded")].map((key) =>
        mismatch(gone, `${key} lists the graph, which does not exist`),
      );
      expect(ofRule(await check(), "index_mismatch")).toEqual([...wrongChain, ...missing].sort(byMessage));
      // Where ended graphs expire, the entries of an ended graph may outlive it; a running one's may not.
      expect(ofRule(await check({ expiringGraphs: true }), "index_mismatch")).toEqual(
        [...wrongChain, missing[1] as Violation].sort(byMessage),
      );
      expect(ofRule(await check({ graphId: gone }), "index_mismatch")).toHaveLength(3);
      expect(ofRule(await check({ tenantId: "other" }), "index_mismatch")).toEqual([wrongChain[1]]);
    } finally {
      for (const [key, member] of entries) await h.redis.zrem(key, member);
    }
  });

  it("reports idempotency records naming a graph that does not exist, or another tenant's", async () => {
    const p = partitionOf(chain);
    const gone = newGraphId(p);
    const lost = idempotencyKey(h.keyPrefix, p, "default", "lost");
    const borrowed = idempotencyKey(h.keyPrefix, p, "other", "borrowed");
    const garbled = idempotencyKey(h.keyPrefix, p, "default", "garbled");
    await h.redis.set(lost, `${gone}\nbody-hash`);
    await h.redis.set(borrowed, `${chain}\nbody-hash`);
    await h.redis.set(garbled, "no graph here");
    try {
      const mismatch = (graphId: string, message: string) => ({
        graphId,
        rule: "idempotency_mismatch",
        message,
      });
      const notAGraph = mismatch(garbled, `${garbled} holds "no graph here", not a graph id and a body hash`);
      const missing = mismatch(gone, `${lost} names the graph, which does not exist`);
      const foreign = mismatch(chain, `${borrowed} names the graph, which is tenant default's`);
      expect(ofRule(await check(), "idempotency_mismatch")).toEqual([notAGraph, missing, foreign]);
      // Where ended graphs expire, a record may outlive its graph.
      expect(ofRule(await check({ expiringGraphs: true }), "idempotency_mismatch")).toEqual([
        notAGraph,
        foreign,
      ]);
      expect(ofRule(await check({ tenantId: "other" }), "idempotency_mismatch")).toEqual([foreign]);
    } finally {
      await h.redis.del(lost, borrowed, garbled);
    }
  });

  it("reports an index or an idempotency record that Redis refuses to read as one", async () => {
    const p = partitionOf(chain);
    const index = tenantIndexKey(h.keyPrefix, p, "default", "paused");
    const record = idempotencyKey(h.keyPrefix, p, "default", "a-hash");
    await h.redis.set(index, "not a sorted set");
    await h.redis.hset(record, "not", "a string");
    try {
      const report = await check();
      const refused = (key: string, rule: Violation["rule"], as: string) => ({
        graphId: key,
        rule,
        message: `Redis refused to read ${key} as ${as}: WRONGTYPE Operation against a key holding the wrong kind of value`,
      });
      expect(ofRule(report, "index_mismatch")).toEqual([refused(index, "index_mismatch", "an index")]);
      expect(ofRule(report, "idempotency_mismatch")).toEqual([
        refused(record, "idempotency_mismatch", "a record"),
      ]);
    } finally {
      await h.redis.del(index, record);
    }
  });

  it("leaves an expiring graph be where graphs expire, and reports it torn where they do not", async () => {
    const id = await copyStoredGraph(h, chain);
    const keys = graphKeys(h.keyPrefix, id);
    for (const name of ["meta", "nodes", "spec", "kids", "out", "events"] as const) {
      await h.redis.expire(keys[name], 600);
    }
    await h.redis.del(keys.meta, keys.nodes);
    expect((await check({ graphId: id })).violations.map((v) => v.rule)).toEqual(["torn_graph"]);
    expect(await check({ graphId: id, expiringGraphs: true })).toEqual({
      graphs: 0,
      statuses: {},
      violations: [],
    });
    // A key left that does not expire was not written by an expiry: the graph is torn.
    await h.redis.persist(keys.events);
    const report = await check({ graphId: id, expiringGraphs: true });
    expect(report.violations.map((v) => v.rule)).toEqual(["torn_graph"]);
  });

  it("dago check reports the new kinds, and lets expired graphs' leftovers be when a retention is set", async () => {
    const p = partitionOf(chain);
    const gone = newGraphId(p);
    const record = idempotencyKey(h.keyPrefix, p, "ghost", "outlived");
    await h.redis.set(record, `${gone}\nbody-hash`);
    try {
      const kept = await dagoCheck(["--tenant", "ghost"], h.keyPrefix, undefined, {
        DAGO_RETENTION_SECONDS: "0",
      });
      expect(kept.stdout).toBe(
        `checked 0 graphs\n1 violation in 1 graph:\n  ${gone} idempotency_mismatch: ${record} names the graph, which does not exist\n`,
      );
      expect(kept.code).toBe(9);
      const expiring = await dagoCheck(["--tenant", "ghost"], h.keyPrefix, undefined, {
        DAGO_RETENTION_SECONDS: "3600",
      });
      expect(expiring.stdout).toBe("checked 0 graphs\nno violations\n");
      expect(expiring.code).toBe(0);
    } finally {
      await h.redis.del(record);
    }
  });
});
