// Approval nodes end to end over a real HTTP server and a real worker pool: a waiting approval holds no worker
// slot, decisions are validated, recorded once with who made them and applied through the worker, timeouts apply
// each onTimeout, and pause, cancel, read-only keys and other tenants behave as documented.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../internal/api/http/create-http-app.js";
import { ApiKeyStore, parseApiKeys, RequestGate } from "../../internal/auth/index.js";
import type { NodeDecisionView, WaitingDecisionPage } from "../../internal/contract/decisions.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";

const KEYS = {
  alice: "acme-write-key-0001",
  reader: "acme-read-key-00001",
  globex: "globex-write-key-001",
};

let h: Harness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  const { entries } = parseApiKeys(
    `acme:write:alice=${KEYS.alice},acme:read:viewer=${KEYS.reader},globex=${KEYS.globex}`,
  );
  server = createHttpApp({
    service: h.service,
    gate: new RequestGate(new ApiKeyStore(entries)),
    logger: h.logger,
    maxBodyBytes: 1024 * 1024,
  }).listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // One slot: approvals that wait must not hold it.
  await h.startWorker({ poolSize: 1 });
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
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...options.headers };
  headers.authorization = `Bearer ${options.key ?? KEYS.alice}`;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
}

async function submit(spec: unknown, key = KEYS.alice): Promise<string> {
  const res = await call<{ id: string } & ErrorBody>("POST", "/api/v1/graphs", { key, body: spec });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const decide = (id: string, node: string, what: "approve" | "reject", body?: unknown, key?: string) =>
  call<NodeDecisionView & ErrorBody>("POST", `/api/v1/graphs/${id}/nodes/${node}/${what}`, {
    ...(body === undefined ? {} : { body }),
    ...(key === undefined ? {} : { key }),
  });

const waiting = (id: string, node = "review") => h.waitFor(id, (s) => s.nodes[node]?.status === "waiting");

function reviewGraph(extra: Record<string, unknown> = {}, after: Array<Record<string, unknown>> = []) {
  return {
    name: "publish",
    input: { title: "Q3" },
    nodes: [
      { id: "draft", type: "noop" },
      {
        id: "review",
        type: "approval",
        dependsOn: ["draft"],
        prompt: "Publish {{input.title}}?",
        ...extra,
      },
      ...after,
    ],
  };
}

describe("an approval waits for a person", () => {
  it("waits without a worker slot: a pool of one runs other graphs meanwhile", async () => {
    const ids = await Promise.all([submit(reviewGraph()), submit(reviewGraph()), submit(reviewGraph())]);
    for (const id of ids) {
      const state = await waiting(id);
      expect(state.nodes.review?.prompt).toBe("Publish Q3?");
      expect(state.nodes.review?.waitingSince).toBeGreaterThan(0);
    }
    const other = await submit({
      name: "other",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    });
    expect((await h.waitForEnd(other)).status).toBe("succeeded");
    for (const id of ids) await call("POST", `/api/v1/graphs/${id}/cancel`);
  });

  it("approves with data that matches the schema; the output records who decided", async () => {
    const id = await submit(
      reviewGraph(
        {
          schema: {
            type: "object",
            required: ["channel"],
            properties: { channel: { enum: ["blog", "mail"] } },
          },
        },
        [{ id: "publish", type: "noop", dependsOn: ["review"], when: "nodes.review.output.approved" }],
      ),
    );
    await waiting(id);
    const bad = await decide(id, "review", "approve", { data: { channel: "fax" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details[0]?.path).toBe("/data/channel");
    const missing = await decide(id, "review", "approve", {});
    expect(missing.status).toBe(400);
    const ok = await decide(id, "review", "approve", { data: { channel: "blog" }, comment: "ship it" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      approved: true,
      by: "alice@acme",
      comment: "ship it",
      data: { channel: "blog" },
    });
    const end = await h.waitForEnd(id);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.review?.output).toEqual({
      approved: true,
      data: { channel: "blog" },
      comment: "ship it",
      by: "alice@acme",
      at: ok.body.at,
    });
    expect(end.nodes.publish?.status).toBe("succeeded");
    const events = await h.events(id);
    const approved = events.find((e) => e.type === "NodeApproved");
    expect(approved?.data).toMatchObject({ by: "alice@acme" });
    expect(JSON.stringify(events)).not.toContain(KEYS.alice);
    await h.expectFoldMatches(id);
  });

  it("a rejection fails the node with rejected, or with onReject continue succeeds with approved false", async () => {
    const failing = await submit(reviewGraph());
    await waiting(failing);
    const no = await decide(failing, "review", "reject", { comment: "not yet" });
    expect(no.status).toBe(200);
    const failed = await h.waitForEnd(failing);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.review?.error).toMatchObject({ code: "rejected", retryable: false });
    expect(failed.nodes.review?.error?.message).toContain("alice@acme");

    const continuing = await submit(
      reviewGraph({ onReject: "continue" }, [
        { id: "publish", type: "noop", dependsOn: ["review"], when: "nodes.review.output.approved" },
        { id: "revise", type: "noop", dependsOn: ["review"], when: "!nodes.review.output.approved" },
      ]),
    );
    await waiting(continuing);
    expect((await decide(continuing, "review", "reject")).status).toBe(200);
    const end = await h.waitForEnd(continuing);
    expect(end.status).toBe("succeeded");
    expect(end.nodes.review?.output).toMatchObject({ approved: false, data: null, comment: null });
    expect(end.nodes.publish?.status).toBe("skipped");
    expect(end.nodes.revise?.status).toBe("succeeded");
    await h.expectFoldMatches(continuing);
  });

  it("answers a second decision with 409 and the decision made; a repeat with its Idempotency-Key gets the first answer", async () => {
    const id = await submit(reviewGraph());
    await waiting(id);
    const key = { "idempotency-key": "decide-once-1" };
    const first = await call<NodeDecisionView>("POST", `/api/v1/graphs/${id}/nodes/review/approve`, {
      body: { comment: "yes" },
      headers: key,
    });
    expect(first.status).toBe(200);
    await h.waitForEnd(id);
    const again = await call<NodeDecisionView>("POST", `/api/v1/graphs/${id}/nodes/review/approve`, {
      body: { comment: "yes" },
      headers: key,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await call<ErrorBody>("POST", `/api/v1/graphs/${id}/nodes/review/reject`, { headers: key });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_conflict");
    const second = await decide(id, "review", "reject");
    expect(second.status).toBe(409);
    expect(second.body.error.details[0]).toMatchObject({
      code: "already_decided",
      status: "succeeded",
      decision: { approved: true, by: "alice@acme" },
    });
    const events = await h.events(id);
    expect(events.filter((e) => e.type === "NodeApproved" || e.type === "NodeRejected")).toHaveLength(1);
  });

  it("refuses a node that does not wait, an unknown node, bad bodies, read-only keys and other tenants", async () => {
    const id = await submit(reviewGraph());
    await waiting(id);
    expect((await decide(id, "draft", "approve")).status).toBe(409);
    expect((await decide(id, "nope", "approve")).status).toBe(404);
    expect((await decide(id, "review", "reject", { data: { x: 1 } })).status).toBe(400);
    expect((await decide(id, "review", "approve", { comment: 5 })).status).toBe(400);
    const read = await decide(id, "review", "approve", undefined, KEYS.reader);
    expect(read.status).toBe(403);
    const other = await decide(id, "review", "approve", undefined, KEYS.globex);
    expect(other.status).toBe(404);
    const list = await call<WaitingDecisionPage>("GET", "/api/v1/approvals", { key: KEYS.globex });
    expect(list.body.approvals.map((a) => a.graphId)).not.toContain(id);
    await call("POST", `/api/v1/graphs/${id}/cancel`);
  });
});

describe("timeouts, pause and cancel", () => {
  it("applies each onTimeout when nobody decides in time", async () => {
    const fail = await submit(reviewGraph({ timeoutMs: 300 }));
    const approve = await submit(reviewGraph({ timeoutMs: 300, onTimeout: "approve" }));
    const reject = await submit(reviewGraph({ timeoutMs: 300, onTimeout: "reject", onReject: "continue" }));
    const failed = await h.waitForEnd(fail);
    expect(failed.nodes.review?.error?.code).toBe("approval_timeout");
    const approved = await h.waitForEnd(approve);
    expect(approved.status).toBe("succeeded");
    expect(approved.nodes.review?.output).toMatchObject({ approved: true, by: "timeout" });
    expect(approved.nodes.review?.decision?.timedOut).toBe(true);
    const rejected = await h.waitForEnd(reject);
    expect(rejected.nodes.review?.output).toMatchObject({ approved: false, by: "timeout" });
    for (const id of [fail, approve, reject]) await h.expectFoldMatches(id);
  });

  it("accepts a decision while the graph is paused and applies it on resume; cancel ends a waiting node", async () => {
    const id = await submit(reviewGraph({}, [{ id: "after", type: "noop", dependsOn: ["review"] }]));
    await waiting(id);
    expect((await call("POST", `/api/v1/graphs/${id}/pause`)).status).toBe(200);
    expect((await decide(id, "review", "approve")).status).toBe(200);
    const paused = await h.waitFor(id, (s) => s.nodes.review?.status === "ready");
    expect(paused.status).toBe("paused");
    expect((await call("POST", `/api/v1/graphs/${id}/resume`)).status).toBe(200);
    expect((await h.waitForEnd(id)).status).toBe("succeeded");

    const cancelled = await submit(reviewGraph({ timeoutMs: 60_000 }));
    await waiting(cancelled);
    expect((await call("POST", `/api/v1/graphs/${cancelled}/cancel`)).status).toBe(200);
    const end = await h.waitForEnd(cancelled);
    expect(end.nodes.review?.status).toBe("cancelled");
    const list = await call<WaitingDecisionPage>("GET", "/api/v1/approvals");
    expect(list.body.approvals.map((a) => a.graphId)).not.toContain(cancelled);
    await h.expectFoldMatches(cancelled);
  });
});

describe("the approvals list", () => {
  it("lists the tenant's open approvals oldest first, in pages, on both routes", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await submit(reviewGraph({ schema: { type: "object" } }));
      await waiting(id);
      ids.push(id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const q = cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await call<WaitingDecisionPage>("GET", `/api/v1/approvals?status=waiting&limit=2${q}`);
      expect(page.status).toBe(200);
      expect(page.body.approvals.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.approvals.map((a) => a.graphId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.filter((g) => ids.includes(g))).toEqual(ids);
    const tenantRoute = await call<WaitingDecisionPage>("GET", "/api/v1/tenants/acme/approvals");
    const first = tenantRoute.body.approvals.find((a) => a.graphId === ids[0]);
    expect(first).toMatchObject({
      nodeId: "review",
      prompt: "Publish Q3?",
      graphName: "publish",
      schema: { type: "object" },
    });
    expect((await call("GET", "/api/v1/approvals?status=decided")).status).toBe(400);
    for (const id of ids) await call("POST", `/api/v1/graphs/${id}/cancel`);
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
