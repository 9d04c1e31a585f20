// The invariant checker (internal/check) and `dago check` against the suite's private Redis: clean on graphs the
// engine ran (succeeded, failed, cancelled, retried, skipped), and it does report each kind of violation once a
// graph is corrupted by hand: a projection edited, a transition recorded twice, a node started before its
// dependency, a graph still running where only ended ones are expected.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckReport, checkGraphs } from "../../internal/check/index.js";
import type { StreamEntry } from "../../internal/engine/event-codec.js";
import { graphKeys, newGraphId, partitionOf } from "../../internal/engine/keys.js";
import { DAGO_BIN } from "../helpers/build.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { failingExecutor, sleepExecutor } from "../helpers/test-executors.js";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function dagoCheck(args: string[], keyPrefix: string, redisUrl?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      REDIS_URL: redisUrl ?? `redis://127.0.0.1:${testRedisPort()}`,
      DAGO_KEY_PREFIX: keyPrefix,
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
    );
    for (const id of ids) await h.waitForEnd(id);
    await h.engine.retryNode(ids[2] as string, "bad");
    await h.waitForEnd(ids[2] as string);
    const cancelled = await h.submit({ name: "cancelled", nodes: [{ id: "s", type: "sleep" }] });
    await h.waitFor(cancelled, (s) => s.nodes.s?.status === "running");
    await h.engine.cancel(cancelled);
    ids.push(cancelled);
  });
  afterAll(async () => {
    await h.close();
  });

  it("finds no violation, and counts the graphs by status and tenant", async () => {
    const report = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, requireTerminal: true });
    expect(report.violations).toEqual([]);
    expect(report.graphs).toBe(4);
    expect(report.statuses).toEqual({ succeeded: 2, failed: 1, cancelled: 1 });
    const other = await checkGraphs(h.redis, { keyPrefix: h.keyPrefix, tenantId: "other" });
    expect(other).toMatchObject({ graphs: 1, statuses: { failed: 1 }, violations: [] });
  });

  it("dago check prints a clean report and exits 0; --graph of an unknown graph exits 4", async () => {
    const clean = await dagoCheck(["--terminal"], h.keyPrefix);
    expect(clean.stdout).toBe("checked 4 graphs (1 cancelled, 1 failed, 2 succeeded)\nno violations\n");
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

  /** A copy of a graph in the same partition whose history is re-recorded in the order `reorder` gives. */
  async function copyGraph(
    sourceId: string,
    reorder: (entries: StreamEntry[]) => StreamEntry[],
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
