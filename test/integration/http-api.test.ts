// The HTTP API end to end over real parts: a private redis-server, the real engine and service, the Express app
// on a real port, and fetch as the client. No worker runs, so submitted graphs stay running with ready nodes.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../internal/api/http/create-http-app.js";
import type { EventPage, GraphMetrics, GraphPage, GraphView } from "../../internal/contract/graph-views.js";
import type { ValidateResponse } from "../../internal/contract/submission.js";
import { createLogger } from "../../internal/observability/index.js";
import { DEFAULT_SERVICE_LIMITS, GraphService } from "../../internal/service/graph-service.js";
import { GraphStore } from "../../internal/store/graph-store.js";
import { preloadScripts } from "../../internal/store/script-loader.js";
import { StoreConnection } from "../../internal/store/store-connection.js";
import { WorkerRegistry } from "../../internal/store/worker-registry.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

const GRAPH_ID = /^[0-9a-hjkmnp-tv-z]{26}-\d{1,4}$/;
const SPEC = {
  name: "fan-out",
  input: { topic: "redis" },
  nodes: [
    { id: "a", type: "noop" },
    { id: "b", type: "noop", dependsOn: ["a"] },
    { id: "c", type: "noop", dependsOn: ["a"] },
  ],
};
const YAML_SPEC = `name: from-yaml
nodes:
  - id: first
    type: noop
  - id: second
    type: noop
    dependsOn: [first]
`;

const prefix = uniquePrefix();
const servers: Server[] = [];
let redis: Redis;
let base: string;
/** The same API with a 200-byte body limit. */
let smallBase: string;

async function listen(maxBodyBytes: number, service: GraphService): Promise<string> {
  const logger = createLogger({ level: "error", format: "json", stream: { write: () => true } });
  const server = createHttpApp({ service, logger, maxBodyBytes }).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((done) => server.once("listening", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
  const engine = new GraphStore(redis, {
    keyPrefix: prefix,
    partitions: 4,
    leaseMs: 5000,
    logStreamMaxLen: 10000,
    retentionSeconds: 0,
    idempotencyTtlSeconds: 3600,
    maxLeaseLosses: 5,
  });
  await preloadScripts(redis);
  const service = new GraphService({
    store: engine,
    connection: new StoreConnection(redis),
    workers: new WorkerRegistry(redis, prefix),
    limits: { ...DEFAULT_SERVICE_LIMITS, maxEventsPage: 1000, maxListPage: 500 },
  });
  base = await listen(1024 * 1024, service);
  smallBase = await listen(200, service);
});

afterAll(async () => {
  for (const server of servers) await new Promise((done) => server.close(done));
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

interface SubmitBody {
  id: string;
  status: string;
  graph: GraphView;
}

/** A response; `body` is typed by the caller after what the route documents, and asserted on field by field. */
interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = ErrorBody>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers = { "content-type": "application/json", ...headers };
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
  };
}

async function submit(spec: unknown = SPEC, path = "/api/v1/graphs"): Promise<string> {
  const res = await call<SubmitBody>("POST", path, spec);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

function errorOf(res: Answer<unknown>): ErrorBody["error"] {
  return (res.body as ErrorBody).error;
}

function errorCode(res: Answer<unknown>): string {
  return errorOf(res).code;
}

function idsOf(page: GraphPage): string[] {
  return page.graphs.map((g) => g.id);
}

describe("submitting a graph", () => {
  it("answers 201 with the id, the status and the graph's state", async () => {
    const res = await call<SubmitBody>("POST", "/api/v1/graphs", SPEC);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(GRAPH_ID);
    expect(res.body.status).toBe("running");
    expect(res.headers.get("location")).toBe(`/api/v1/graphs/${res.body.id}`);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const graph = res.body.graph;
    expect(graph).toMatchObject({
      id: res.body.id,
      tenantId: "default",
      name: "fan-out",
      status: "running",
      input: { topic: "redis" },
    });
    expect(Object.keys(graph.nodes)).toEqual(["a", "b", "c"]);
    expect(graph.nodes.a).toMatchObject({
      id: "a",
      type: "noop",
      status: "ready",
      attempt: 1,
      dependsOn: [],
    });
    expect(graph.nodes.b).toMatchObject({ status: "pending", dependsOn: ["a"] });
  });

  it("answers 400 validation_failed listing every problem, the cycle named in its message", async () => {
    const res = await call("POST", "/api/v1/graphs", {
      nodes: [
        { id: "x", type: "noop", dependsOn: ["y"] },
        { id: "y", type: "noop", dependsOn: ["x"] },
        { id: "z", type: "noop", dependsOn: ["ghost"] },
        { id: "w", type: "noop", colour: "red" },
      ],
    });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe("validation_failed");
    const details = res.body.error.details;
    expect(details.map((d) => d.code).sort()).toEqual([
      "cycle",
      "missing_field",
      "unknown_dependency",
      "unknown_field",
    ]);
    expect(res.body.error.message).toBe("the graph has 4 problems");
    const cycle = details.find((d) => d.code === "cycle");
    expect(cycle?.message).toMatch(/x -> y -> x|y -> x -> y/);
    expect(details.find((d) => d.code === "missing_field")?.path).toBe("/name");
  });

  it("answers 413 for a body over the limit", async () => {
    const big = JSON.stringify({ ...SPEC, name: "n".repeat(500) });
    const res = await fetch(`${smallBase}/api/v1/graphs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "body_too_large" } });
    // A body under the limit is still taken by the same server.
    const small = await fetch(`${smallBase}/api/v1/dag/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "s", nodes: [{ id: "a", type: "noop" }] }),
    });
    expect(small.status).toBe(200);
  });

  it("answers 415 for a content type it does not take", async () => {
    const res = await call("POST", "/api/v1/graphs", JSON.stringify(SPEC), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(errorCode(res)).toBe("unsupported_media_type");
    expect(res.body.error.message).toContain("application/json");
    const none = await fetch(`${base}/api/v1/graphs`, { method: "POST", body: new Uint8Array([123, 125]) });
    expect(none.status).toBe(415);
  });

  it("answers 400 invalid_json for malformed JSON", async () => {
    const res = await call("POST", "/api/v1/graphs", '{"name": "broken", "nodes": [');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe("invalid_json");
    expect(res.body.error.details).toEqual([]);
  });

  it("answers 400 invalid_json for a duplicate key, naming it", async () => {
    const res = await call("POST", "/api/v1/graphs", '{"name": "one", "name": "two", "nodes": []}');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe("invalid_json");
    expect(res.body.error.message).toContain('duplicate key "name"');
  });

  it("takes YAML, and refuses YAML with a duplicate key", async () => {
    for (const type of ["application/yaml", "application/x-yaml", "text/yaml"]) {
      const res = await call<SubmitBody>("POST", "/api/v1/graphs", YAML_SPEC, { "content-type": type });
      expect(res.status).toBe(201);
      expect(res.body.graph.name).toBe("from-yaml");
      expect(res.body.graph.nodes.second?.dependsOn).toEqual(["first"]);
    }
    const dup = await call("POST", "/api/v1/graphs", "name: a\nname: b\nnodes: []\n", {
      "content-type": "application/yaml",
    });
    expect(dup.status).toBe(400);
    expect(errorCode(dup)).toBe("invalid_yaml");
  });

  it("answers 200 with the first graph for a repeated Idempotency-Key, and 409 for another body", async () => {
    const key = { "idempotency-key": `order-${prefix}` };
    const first = await call<SubmitBody>("POST", "/api/v1/graphs", SPEC, key);
    expect(first.status).toBe(201);
    const again = await call<SubmitBody>("POST", "/api/v1/graphs", SPEC, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.graph.name).toBe("fan-out");
    const other = await call("POST", "/api/v1/graphs", { ...SPEC, name: "different" }, key);
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe("idempotency_conflict");
    expect(errorOf(other).details[0]).toMatchObject({ graphId: first.body.id });
  });
});

describe("reading graphs", () => {
  it("gets a graph by id, and 404 for unknown or malformed ids", async () => {
    const id = await submit();
    const res = await call<GraphView>("GET", `/api/v1/graphs/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "running", tenantId: "default" });

    const unknown = `${"0".repeat(26)}-1`;
    for (const missing of [unknown, "not-a-graph-id", "..%2F..%2Fetc"]) {
      const gone = await call("GET", `/api/v1/graphs/${missing}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({
        error: { code: "not_found", message: expect.stringContaining("not found"), details: [] },
      });
    }
  });

  it("keeps tenants apart on the tenant routes", async () => {
    const id = await submit(SPEC, "/api/v1/tenants/acme/workflows");
    const own = await call<GraphView>("GET", `/api/v1/tenants/acme/workflows/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.tenantId).toBe("acme");

    for (const path of [
      `/api/v1/tenants/beta/workflows/${id}`,
      `/api/v1/tenants/beta/workflows/${id}/events`,
      `/api/v1/tenants/beta/workflows/${id}/metrics`,
      `/api/v1/graphs/${id}`,
    ]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(errorCode(res)).toBe("not_found");
    }
    const pause = await call("POST", `/api/v1/tenants/beta/workflows/${id}/pause`);
    expect(pause.status).toBe(404);
    expect((await call<GraphView>("GET", `/api/v1/tenants/acme/workflows/${id}`)).body.status).toBe(
      "running",
    );
  });

  it("lists newest first, page by page, and filters by status", async () => {
    const tenant = `/api/v1/tenants/lister/workflows`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await submit({ ...SPEC, name: `graph-${i}` }, tenant));
      // Order is by creation time in milliseconds; graphs created in the same millisecond have no fixed order.
      await new Promise((done) => setTimeout(done, 3));
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await call<GraphPage>(
        "GET",
        `${tenant}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(res.status).toBe(200);
      pageSizes.push(res.body.graphs.length);
      seen.push(...idsOf(res.body));
      cursor = res.body.nextCursor;
    } while (cursor !== undefined);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());

    const all = await call<GraphPage>("GET", tenant);
    expect(all.body.graphs[0]).toMatchObject({
      id: ids[4],
      tenantId: "lister",
      name: "graph-4",
      status: "running",
      nodeCount: 3,
    });
    expect(all.body.nextCursor).toBeUndefined();

    expect((await call("POST", `${tenant}/${ids[1]}/pause`)).status).toBe(200);
    const paused = await call<GraphPage>("GET", `${tenant}?status=paused`);
    expect(idsOf(paused.body)).toEqual([ids[1]]);
    const running = await call<GraphPage>("GET", `${tenant}?status=running`);
    expect(idsOf(running.body)).toEqual([ids[4], ids[3], ids[2], ids[0]]);

    const bad = await call("GET", `${tenant}?status=sleeping`);
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe("invalid_request");
    expect((await call("GET", `${tenant}?limit=0`)).status).toBe(400);
    expect((await call("GET", `${tenant}?cursor=bogus`)).status).toBe(400);
  });

  it("pages through events with after", async () => {
    const id = await submit();
    const all = await call<EventPage>("GET", `/api/v1/graphs/${id}/events`);
    expect(all.status).toBe(200);
    const types = all.body.events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(["GraphSubmitted", "GraphStarted"]);
    expect(types).toContain("NodeReady");
    expect(all.body.nextAfter).toBeUndefined();
    expect(all.body.events[0]).toMatchObject({ graphId: id, tenantId: "default", data: expect.any(Object) });

    const paged: unknown[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await call<EventPage>(
        "GET",
        `/api/v1/graphs/${id}/events?limit=2${after ? `&after=${after}` : ""}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.events);
      if (res.body.nextAfter === undefined) break;
      after = res.body.nextAfter;
    }
    expect(paged).toEqual(all.body.events);

    const bad = await call("GET", `/api/v1/graphs/${id}/events?after=yesterday`);
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe("invalid_request");
  });

  it("reports a graph's metrics", async () => {
    const id = await submit();
    const res = await call<GraphMetrics>("GET", `/api/v1/graphs/${id}/metrics`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      graphId: id,
      status: "running",
      nodeCount: 3,
      nodesByStatus: { ready: 1, pending: 2, running: 0, succeeded: 0 },
      retries: 0,
    });
  });
});

describe("controlling graphs", () => {
  it("pauses, refuses a second pause with the current status, and resumes", async () => {
    const id = await submit();
    const paused = await call<GraphView>("POST", `/api/v1/graphs/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id, status: "paused" });

    const again = await call("POST", `/api/v1/graphs/${id}/pause`);
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("invalid_transition");
    expect(errorOf(again).details[0]).toMatchObject({ status: "paused" });

    const resumed = await call<GraphView>("POST", `/api/v1/graphs/${id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe("running");
    expect((await call("POST", `/api/v1/graphs/${id}/resume`)).status).toBe(409);
  });

  it("cancels a graph and every node in it", async () => {
    const id = await submit();
    const res = await call<GraphView>("POST", `/api/v1/graphs/${id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    const statuses = Object.values(res.body.nodes).map((n) => n.status);
    expect(statuses).toEqual(["cancelled", "cancelled", "cancelled"]);
    const again = await call("POST", `/api/v1/graphs/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.details[0]).toMatchObject({ status: "cancelled" });
  });

  it("refuses to retry a node that has not failed, and 404 for an unknown node", async () => {
    const id = await submit();
    const res = await call("POST", `/api/v1/graphs/${id}/nodes/a/retry`);
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe("invalid_transition");
    expect(res.body.error.details[0]).toMatchObject({ nodeId: "a", status: "ready" });
    expect((await call("POST", `/api/v1/graphs/${id}/nodes/nope/retry`)).status).toBe(404);

    const tenantId = await submit(SPEC, "/api/v1/tenants/acme/workflows");
    const viaBody = await call("POST", `/api/v1/tenants/acme/workflows/${tenantId}/retry`, { nodeId: "b" });
    expect(viaBody.status).toBe(409);
    expect(viaBody.body.error.details[0]).toMatchObject({ nodeId: "b", status: "pending" });
    const noNode = await call("POST", `/api/v1/tenants/acme/workflows/${tenantId}/retry`, {});
    expect(noNode.status).toBe(400);
  });
});

describe("validation, workers and probes", () => {
  it("validates a spec without submitting it", async () => {
    const ok = await call<ValidateResponse>("POST", "/api/v1/dag/validate", SPEC);
    expect(ok.status).toBe(200);
    // No worker runs in this suite: the nodes would wait for one.
    expect(ok.body).toEqual({
      valid: true,
      errors: [],
      levels: [["a"], ["b", "c"]],
      warnings: [expect.objectContaining({ code: "no_live_workers", nodeIds: ["a", "b", "c"] })],
    });

    const bad = await call<ValidateResponse>("POST", "/api/v1/dag/validate", {
      name: "loop",
      nodes: [{ id: "a", type: "noop", dependsOn: ["a"] }],
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors).toEqual([expect.objectContaining({ code: "self_dependency", nodeId: "a" })]);

    const yaml = await call("POST", "/api/v1/dag/validate", YAML_SPEC, {
      "content-type": "application/yaml",
    });
    expect(yaml.body).toMatchObject({ valid: true, levels: [["first"], ["second"]] });

    expect((await call("POST", "/api/v1/dag/validate", "{oops")).status).toBe(400);
    expect((await call("POST", "/api/v1/dag/validate", "x", { "content-type": "text/csv" })).status).toBe(
      415,
    );
  });

  it("lists no workers when none run", async () => {
    const res = await call("GET", "/api/v1/workers");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ workers: [] });
  });

  it("answers /health and /ready", async () => {
    const health = await call("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "ok" });
    const ready = await call("GET", "/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, checks: { redis: { ok: true }, scripts: { ok: true } } });
  });

  it("answers 404 JSON for an unknown route and 405 with Allow for a wrong method", async () => {
    const unknown = await call("GET", "/api/v2/everything");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/json/);
    expect(errorCode(unknown)).toBe("not_found");

    const wrong = await call("DELETE", "/api/v1/graphs");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(errorCode(wrong)).toBe("method_not_allowed");

    const getOnPause = await call("GET", `/api/v1/graphs/${"0".repeat(26)}-1/pause`);
    expect(getOnPause.status).toBe(405);
    expect(getOnPause.headers.get("allow")).toBe("POST");
  });
});
