// The approval shapes that break engines, end to end over HTTP and a real worker pool: two approvals in a row,
// an approval as a loop's iteration, approvals as a map's children, a retried rejection that asks again, and the
// approvals list paging across partitions while new approvals arrive.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../internal/api/http/create-http-app.js";
import { ApiKeyStore, parseApiKeys, RequestGate } from "../../internal/auth/index.js";
import type { NodeDecisionView, WaitingDecisionPage } from "../../internal/contract/decisions.js";
import { partitionOf } from "../../internal/domain/graph-id.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor } from "../helpers/test-executors.js";

const KEY = "shape-write-key-0001";

let h: Harness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  const { entries } = parseApiKeys(`shapes:write:ann=${KEY}`);
  server = createHttpApp({
    service: h.service,
    gate: new RequestGate(new ApiKeyStore(entries)),
    logger: h.logger,
    maxBodyBytes: 1024 * 1024,
  }).listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await h.startWorker({ poolSize: 2, executors: [failingExecutor()] });
});

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await h?.close();
});

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

async function call<T = ErrorBody>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
}

async function submit(spec: unknown): Promise<string> {
  const res = await call<{ id: string } & ErrorBody>("POST", "/api/v1/graphs", spec);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function decide(id: string, node: string, what: "approve" | "reject", body?: unknown) {
  const res = await call<NodeDecisionView & ErrorBody>(
    "POST",
    `/api/v1/graphs/${id}/nodes/${encodeURIComponent(node)}/${what}`,
    body,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const waiting = (id: string, node: string) => h.waitFor(id, (s) => s.nodes[node]?.status === "waiting");

async function ends(id: string) {
  const end = await h.waitForEnd(id);
  const { folded, stored } = await h.expectFoldMatches(id);
  expect(folded).toEqual(stored);
  return end;
}

describe("approval shapes", () => {
  it("two approvals in a row: the second waits only once the first is approved", async () => {
    const id = await submit({
      name: "two-step",
      nodes: [
        { id: "legal", type: "approval", prompt: "Legal ok?" },
        {
          id: "boss",
          type: "approval",
          dependsOn: ["legal"],
          prompt: "Boss ok after {{nodes.legal.output.by}}?",
        },
        { id: "ship", type: "noop", dependsOn: ["boss"] },
      ],
    });
    const first = await waiting(id, "legal");
    expect(first.nodes.boss?.status).toBe("pending");
    await decide(id, "legal", "approve", { comment: "fine" });
    const second = await waiting(id, "boss");
    expect(second.nodes.legal?.status).toBe("succeeded");
    expect(second.nodes.boss?.prompt).toBe("Boss ok after ann@shapes?");
    await decide(id, "boss", "approve");
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.ship?.status).toBe("succeeded");
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "NodeWaiting").map((e) => e.nodeId)).toEqual(["legal", "boss"]);
  });

  it("an approval as a loop's iteration: each iteration waits, until reads the decision", async () => {
    const id = await submit({
      name: "ask-until-yes",
      nodes: [
        {
          id: "ask",
          type: "loop",
          maxIterations: 4,
          until: "last.output.approved",
          node: { type: "approval", prompt: "Round after {{last.output.comment}}?", onReject: "continue" },
        },
        { id: "after", type: "noop", dependsOn: ["ask"] },
      ],
    });
    await waiting(id, "ask[0]");
    await decide(id, "ask[0]", "reject", { comment: "one" });
    const second = await waiting(id, "ask[1]");
    expect(second.nodes["ask[1]"]?.prompt).toBe("Round after one?");
    await decide(id, "ask[1]", "reject", { comment: "two" });
    await waiting(id, "ask[2]");
    await decide(id, "ask[2]", "approve", { comment: "yes" });
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.ask?.output).toMatchObject({
      approved: true,
      comment: "yes",
      iterations: 3,
      exhausted: false,
    });
    expect(end.nodes["ask[3]"]).toBeUndefined();
    expect(end.nodes.after?.status).toBe("succeeded");
  });

  it("a loop of approvals that are never approved is exhausted at maxIterations", async () => {
    const id = await submit({
      name: "never",
      nodes: [
        {
          id: "ask",
          type: "loop",
          maxIterations: 2,
          until: "last.output.approved",
          node: { type: "approval", prompt: "Again?", onReject: "continue" },
        },
      ],
    });
    for (const n of ["ask[0]", "ask[1]"]) {
      await waiting(id, n);
      await decide(id, n, "reject");
    }
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.ask?.output).toMatchObject({ approved: false, iterations: 2, exhausted: true });
  });

  it("a rejected loop iteration with onReject fail fails the loop", async () => {
    const id = await submit({
      name: "strict-loop",
      nodes: [
        {
          id: "ask",
          type: "loop",
          maxIterations: 3,
          until: "last.output.approved",
          node: { type: "approval", prompt: "Ok?" },
        },
      ],
    });
    await waiting(id, "ask[0]");
    await decide(id, "ask[0]", "reject", { comment: "no" });
    const end = await ends(id);
    expect(end.status).toBe("failed");
    expect(end.nodes.ask?.error?.code).toBe("loop_iteration_failed");
    expect(end.nodes["ask[0]"]?.error?.code).toBe("rejected");
    expect(end.nodes["ask[1]"]).toBeUndefined();
  });

  it("a branch that fails cancels an approval waiting beside it and takes it off the list", async () => {
    const id = await submit({
      name: "beside",
      nodes: [
        { id: "review", type: "approval", prompt: "Ok?", timeoutMs: 600_000 },
        { id: "gate", type: "approval", prompt: "Start the failing branch?" },
        { id: "boom", type: "failing", dependsOn: ["gate"], retryable: false },
      ],
    });
    await waiting(id, "review");
    await waiting(id, "gate");
    await decide(id, "gate", "approve");
    const end = await ends(id);
    expect(end.status).toBe("failed");
    expect(end.nodes.review?.status).toBe("cancelled");
    expect(end.nodes.review?.decisionDeadline).toBeUndefined();
    const open = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    expect(open.body.approvals.map((a) => a.graphId)).not.toContain(id);
    const late = await call("POST", `/api/v1/graphs/${id}/nodes/review/approve`);
    expect(late.status).toBe(409);
  });

  it("a timeout that falls due while the graph is paused is applied on resume", async () => {
    const id = await submit({
      name: "paused-timeout",
      nodes: [
        { id: "review", type: "approval", prompt: "Ok?", timeoutMs: 300, onTimeout: "approve" },
        { id: "after", type: "noop", dependsOn: ["review"] },
      ],
    });
    await waiting(id, "review");
    expect((await call("POST", `/api/v1/graphs/${id}/pause`)).status).toBe(200);
    const paused = await h.waitFor(id, (s) => s.nodes.review?.decision !== undefined);
    expect(paused.status).toBe("paused");
    expect(paused.nodes.review?.decision).toMatchObject({ approved: true, by: "timeout", timedOut: true });
    expect(paused.nodes.after?.status).toBe("pending");
    expect((await call("POST", `/api/v1/graphs/${id}/resume`)).status).toBe(200);
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.review?.output).toMatchObject({ approved: true, by: "timeout" });
  });

  const items = ["a", "b", "c"];
  function mapGraph(template: Record<string, unknown>) {
    return {
      name: "per-item",
      nodes: [
        { id: "list", type: "noop" },
        { id: "each", type: "map", dependsOn: ["list"], over: "input.items", node: template },
      ],
      input: { items },
    };
  }

  it("approvals as a map's children wait at once, are decided one by one, and join in item order", async () => {
    const id = await submit(mapGraph({ type: "approval", prompt: "Item {{item}} #{{index}}?" }));
    const all = await h.waitFor(id, (s) =>
      items.every((_, i) => s.nodes[`each[${i}]`]?.status === "waiting"),
    );
    expect(items.map((_, i) => all.nodes[`each[${i}]`]?.prompt)).toEqual([
      "Item a #0?",
      "Item b #1?",
      "Item c #2?",
    ]);
    const list = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    expect(list.body.approvals.filter((a) => a.graphId === id).map((a) => a.nodeId)).toEqual(
      expect.arrayContaining(["each[0]", "each[1]", "each[2]"]),
    );
    // Decided out of order: the output still follows the items.
    await decide(id, "each[2]", "approve", { comment: "c" });
    await decide(id, "each[0]", "approve", { comment: "a" });
    const mid = await h.waitFor(id, (s) => s.nodes["each[0]"]?.status === "succeeded");
    expect(mid.nodes["each[1]"]?.status).toBe("waiting");
    expect(mid.nodes.each?.status).not.toBe("succeeded");
    await decide(id, "each[1]", "approve", { comment: "b" });
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(((end.nodes.each?.output ?? []) as Array<{ comment: string }>).map((o) => o.comment)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("one rejected map child fails the map, unless the template continues on failure", async () => {
    const fails = await submit(mapGraph({ type: "approval", prompt: "{{item}}?" }));
    await h.waitFor(fails, (s) => items.every((_, i) => s.nodes[`each[${i}]`]?.status === "waiting"));
    await decide(fails, "each[1]", "reject", { comment: "no" });
    const failed = await ends(fails);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.each?.error?.code).toBe("map_child_failed");
    expect(failed.nodes["each[1]"]?.error?.code).toBe("rejected");
    const open = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    expect(open.body.approvals.map((a) => a.graphId)).not.toContain(fails);

    const continues = await submit(
      mapGraph({ type: "approval", prompt: "{{item}}?", continueOnFailure: true }),
    );
    await h.waitFor(continues, (s) => items.every((_, i) => s.nodes[`each[${i}]`]?.status === "waiting"));
    await decide(continues, "each[1]", "reject");
    await decide(continues, "each[0]", "approve");
    await decide(continues, "each[2]", "approve");
    const end = await ends(continues);
    expect(end.status).toBe("succeeded");
    const output = end.nodes.each?.output as Array<{ approved: boolean } | null>;
    expect(output.map((o) => o?.approved ?? null)).toEqual([true, null, true]);
  });

  it("retrying a rejected approval asks again: a new wait, the old decision gone", async () => {
    const id = await submit({
      name: "ask-again",
      nodes: [
        { id: "review", type: "approval", prompt: "Ok?" },
        { id: "after", type: "noop", dependsOn: ["review"] },
      ],
    });
    await waiting(id, "review");
    await decide(id, "review", "reject", { comment: "first no" });
    const failed = await h.waitForEnd(id);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.review?.decision).toMatchObject({ approved: false, comment: "first no" });
    const retry = await call("POST", `/api/v1/graphs/${id}/nodes/review/retry`);
    expect(retry.status, JSON.stringify(retry.body)).toBeLessThan(300);
    const again = await waiting(id, "review");
    expect(again.nodes.review?.decision).toBeUndefined();
    expect(again.nodes.review?.error).toBeUndefined();
    const open = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    expect(open.body.approvals.map((a) => a.graphId)).toContain(id);
    const yes = await decide(id, "review", "approve", { comment: "second yes" });
    expect(yes.approved).toBe(true);
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.review?.output).toMatchObject({ approved: true, comment: "second yes" });
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "NodeWaiting")).toHaveLength(2);
    expect(events.filter((e) => e.type === "NodeRejected")).toHaveLength(1);
    expect(events.filter((e) => e.type === "NodeApproved")).toHaveLength(1);
  });

  it("retrying a timed-out approval waits again with a new deadline, and the old timer does not end the new wait", async () => {
    const id = await submit({
      name: "timed-retry",
      nodes: [{ id: "review", type: "approval", prompt: "Ok?", timeoutMs: 200 }],
    });
    const failed = await h.waitForEnd(id);
    expect(failed.nodes.review?.error?.code).toBe("approval_timeout");
    expect((await call("POST", `/api/v1/graphs/${id}/nodes/review/retry`)).status).toBe(200);
    const again = await waiting(id, "review");
    expect(again.nodes.review?.attempt).toBeGreaterThan(failed.nodes.review?.attempt ?? 0);
    expect(again.nodes.review?.error).toBeUndefined();
    await decide(id, "review", "approve", { comment: "in time" });
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.review?.output).toMatchObject({ comment: "in time" });
  });

  it("a map child that times out with onTimeout fail fails the map and cancels its waiting siblings", async () => {
    const id = await submit(mapGraph({ type: "approval", prompt: "{{item}}?", timeoutMs: 600_000 }));
    await h.waitFor(id, (s) => items.every((_, i) => s.nodes[`each[${i}]`]?.status === "waiting"));
    await decide(id, "each[0]", "approve");
    const other = await submit(mapGraph({ type: "approval", prompt: "{{item}}?", timeoutMs: 200 }));
    const timedOut = await ends(other);
    expect(timedOut.status).toBe("failed");
    expect(timedOut.nodes.each?.error?.code).toBe("map_child_failed");
    const codes = items.map(
      (_, i) => timedOut.nodes[`each[${i}]`]?.error?.code ?? timedOut.nodes[`each[${i}]`]?.status,
    );
    expect(codes).toContain("approval_timeout");
    expect(codes.every((c) => c === "approval_timeout" || c === "cancelled")).toBe(true);
    const open = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    expect(open.body.approvals.map((a) => a.graphId)).not.toContain(other);
    expect(open.body.approvals.filter((a) => a.graphId === id).map((a) => a.nodeId)).toEqual([
      "each[1]",
      "each[2]",
    ]);
    await call("POST", `/api/v1/graphs/${id}/cancel`);
    await ends(id);
  });
});

describe("README's approval example", () => {
  it("runs examples/approval.json: the draft waits for review, approved with a channel it publishes", async () => {
    const spec = JSON.parse(readFileSync(new URL("../../examples/approval.json", import.meta.url), "utf8"));
    const id = await submit(spec);
    const wait = await waiting(id, "review");
    expect(wait.nodes.review?.prompt).toMatch(/^Publish this post\?\n\n\S/);
    expect(wait.nodes.review?.decisionDeadline).toBeGreaterThan(Date.now());
    const bad = await call("POST", `/api/v1/graphs/${id}/nodes/review/approve`, { data: { channel: "fax" } });
    expect(bad.status).toBe(400);
    await decide(id, "review", "approve", { data: { channel: "blog" } });
    const end = await ends(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.publish?.status).toBe("succeeded");
    expect(end.nodes.revise?.status).toBe("skipped");
    expect(end.nodes.review?.output).toMatchObject({
      approved: true,
      data: { channel: "blog" },
      by: "ann@shapes",
    });
  });
});

describe("the approvals list across partitions", () => {
  it("pages oldest first with no duplicates and none lost while new approvals arrive between pages", async () => {
    const before = await call<WaitingDecisionPage>("GET", "/api/v1/approvals?limit=100");
    const old = new Set(before.body.approvals.map((a) => `${a.graphId}/${a.nodeId}`));
    const first: string[] = [];
    // At least six, and from more than one partition (ids pick their partition at random).
    for (let i = 0; i < 6 || new Set(first.map(partitionOf)).size < 2; i++) {
      const id = await submit({
        name: `p${i}`,
        nodes: [{ id: "review", type: "approval", prompt: `n${i}` }],
      });
      await waiting(id, "review");
      first.push(id);
    }
    const seen: Array<{ key: string; since: number }> = [];
    const late: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await call<WaitingDecisionPage>("GET", `/api/v1/approvals?limit=2${q}`);
      expect(page.status).toBe(200);
      for (const a of page.body.approvals)
        seen.push({ key: `${a.graphId}/${a.nodeId}`, since: a.waitingSince });
      cursor = page.body.nextCursor;
      // A new approval between pages: it is younger than all before it, so it comes later or not at all.
      if (pages++ < 3) {
        const id = await submit({
          name: "late",
          nodes: [{ id: "review", type: "approval", prompt: "late" }],
        });
        await waiting(id, "review");
        late.push(id);
      }
    } while (cursor);
    const keys = seen.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const fresh = keys.filter((k) => !old.has(k));
    // Those waiting before the first page, then each that arrived between pages: none lost, none twice.
    expect(fresh).toEqual([...first, ...late].map((id) => `${id}/review`));
    const sinces = seen.map((s) => s.since);
    expect(sinces).toEqual([...sinces].sort((a, b) => a - b));
    // The harness spreads graphs over four partitions: the list merges them.
    expect(new Set(first.map(partitionOf)).size).toBeGreaterThan(1);
    for (const id of [...first, ...late]) await call("POST", `/api/v1/graphs/${id}/cancel`);
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
