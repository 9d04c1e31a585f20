// Transport behaviour that a real service cannot easily provoke (crashes, an unready Redis, hooks that throw), checked
// against a scripted service. The happy paths against real Redis live in test/integration/http-api.test.ts.
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GraphView } from "../../contract/graph-views.js";
import type { ReadinessReport } from "../../contract/server-info.js";
import { DagoError } from "../../errors/index.js";
import { createLogger } from "../../observability/index.js";
import type { GraphServiceApi } from "../../service/index.js";
import { createHttpApp, type HttpAppDeps } from "./create-http-app.js";

const GRAPH: GraphView = {
  id: "01jd0000000000000000000000-1",
  tenantId: "default",
  name: "g",
  status: "running",
  version: 2,
  lastEventId: "1-0",
  input: {},
  createdAt: 1,
  nodes: {},
};

/** A service whose answers each test scripts; it records what the transport handed it. */
class ScriptedService implements GraphServiceApi {
  calls: Array<{ method: string; args: unknown[] }> = [];
  failWith: unknown;
  readiness_: ReadinessReport = { ready: true, checks: { redis: { ok: true } } };

  private async answer<T>(method: string, args: unknown[], value: T): Promise<T> {
    this.calls.push({ method, args });
    if (this.failWith !== undefined) throw this.failWith;
    return value;
  }

  async validate(spec: unknown) {
    this.calls.push({ method: "validate", args: [spec] });
    return { valid: true, errors: [], levels: [], warnings: [] };
  }
  submit(tenantId: string, spec: unknown, options?: object) {
    return this.answer("submit", [tenantId, spec, options], { graph: GRAPH, created: true, warnings: [] });
  }
  get(tenantId: string, graphId: string) {
    return this.answer("get", [tenantId, graphId], GRAPH);
  }
  list(tenantId: string, options: object) {
    return this.answer("list", [tenantId, options], { graphs: [] });
  }
  events(tenantId: string, graphId: string, options: object) {
    return this.answer("events", [tenantId, graphId, options], { events: [] });
  }
  pause(tenantId: string, graphId: string) {
    return this.answer("pause", [tenantId, graphId], GRAPH);
  }
  resume(tenantId: string, graphId: string) {
    return this.answer("resume", [tenantId, graphId], GRAPH);
  }
  cancel(tenantId: string, graphId: string) {
    return this.answer("cancel", [tenantId, graphId], GRAPH);
  }
  patch(tenantId: string, graphId: string, body: unknown, options?: object) {
    return this.answer("patch", [tenantId, graphId, body, options], GRAPH);
  }
  retryNode(tenantId: string, graphId: string, nodeId: string) {
    return this.answer("retryNode", [tenantId, graphId, nodeId], GRAPH);
  }
  approve(tenantId: string, graphId: string): never {
    throw new Error(`not scripted: approve ${tenantId} ${graphId}`);
  }
  reject(tenantId: string, graphId: string): never {
    throw new Error(`not scripted: reject ${tenantId} ${graphId}`);
  }
  approvals(tenantId: string): never {
    throw new Error(`not scripted: approvals ${tenantId}`);
  }
  assignNode(tenantId: string, graphId: string, nodeId: string, worker: string | null, by: string) {
    return this.answer("assignNode", [tenantId, graphId, nodeId, worker, by], GRAPH);
  }
  metrics(tenantId: string, graphId: string): never {
    throw new Error(`not scripted: metrics ${tenantId} ${graphId}`);
  }
  workers() {
    return this.answer("workers", [], []);
  }
  readiness() {
    return this.answer("readiness", [], this.readiness_);
  }
}

let service: ScriptedService;
let logLines: string[];
let observed: Array<[string, string, number]>;
let close: (() => Promise<void>) | undefined;

beforeEach(() => {
  service = new ScriptedService();
  logLines = [];
  observed = [];
});

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(extra: Partial<HttpAppDeps> = {}): Promise<string> {
  const logger = createLogger({
    level: "debug",
    format: "json",
    stream: { write: (l: string) => logLines.push(l) },
  });
  const app = createHttpApp({
    service,
    logger,
    maxBodyBytes: 1000,
    onRequest: (route, method, status) => observed.push([route, method, status]),
    ...extra,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  close = () => new Promise((done) => server.close(() => done()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = { "content-type": "application/json" };

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe("error handling", () => {
  it("answers 500 internal without leaking the cause, and logs it under the request id", async () => {
    const base = await start();
    service.failWith = new Error("secret connection string redis://admin:hunter2@db");
    const res = await fetch(`${base}/api/v1/graphs/x`, { headers: { "x-request-id": "req-42" } });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: "internal", message: "internal error; the server log has the details", details: [] },
    });
    expect(body).not.toContain("hunter2");
    expect(body).not.toContain("at ");
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === "request failed");
    expect(logged).toMatchObject({ level: "error", requestId: "req-42", method: "GET" });
    expect(JSON.stringify(logged)).toContain("hunter2");
  });

  it("passes a DagoError's code, status and details through", async () => {
    const base = await start();
    service.failWith = new DagoError("redis_unavailable", "Redis is not reachable", [
      { code: "redis", message: "down" },
    ]);
    const res = await fetch(`${base}/api/v1/graphs`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: "redis_unavailable",
        message: "Redis is not reachable",
        details: [{ code: "redis", message: "down" }],
      },
    });
  });

  it("answers 400 for a malformed %-escape in the path", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/graphs/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  it("keeps serving after a request observer throws", async () => {
    const base = await start({
      onRequest: () => {
        throw new Error("metrics hook broke");
      },
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

describe("headers", () => {
  it("hides x-powered-by and echoes a sane x-request-id", async () => {
    const base = await start();
    const res = await fetch(`${base}/health`, { headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });

  it("replaces an unsafe x-request-id with a generated one", async () => {
    const base = await start();
    const res = await fetch(`${base}/health`, { headers: { "x-request-id": 'a b"c' } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await fetch(`${base}/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers OPTIONS with the allowed methods", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/graphs`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("reports each request by route pattern, not by URL", async () => {
    const base = await start();
    await fetch(`${base}/api/v1/graphs/abc`);
    await fetch(`${base}/nowhere`);
    await fetch(`${base}/health`, { method: "DELETE" });
    expect(observed).toEqual([
      ["/api/v1/graphs/:id", "GET", 200],
      ["unmatched", "GET", 404],
      ["/health", "DELETE", 405],
    ]);
  });
});

describe("request bodies", () => {
  it("refuses a chunked body once more bytes arrive than allowed", async () => {
    const base = await start();
    const chunk = new TextEncoder().encode(`{"name": "${"x".repeat(400)}",`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/v1/graphs`, {
      method: "POST",
      headers: json,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("body_too_large");
    expect(service.calls).toEqual([]);
  });

  it("refuses bytes that are not UTF-8 as invalid_json", async () => {
    const base = await start();
    const body = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await fetch(`${base}/api/v1/graphs`, { method: "POST", headers: json, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_json", message: "the body is not valid UTF-8", details: [] },
    });
  });

  it("refuses a compressed body and a non-UTF-8 charset with 415", async () => {
    const base = await start();
    const gz = await fetch(`${base}/api/v1/graphs`, {
      method: "POST",
      headers: { ...json, "content-encoding": "gzip" },
      body: "{}",
    });
    expect(gz.status).toBe(415);
    const latin = await fetch(`${base}/api/v1/dag/validate`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=latin1" },
      body: "{}",
    });
    expect(latin.status).toBe(415);
    expect((await errorOf(latin)).code).toBe("unsupported_media_type");
  });

  it("accepts a JSON content type with a utf-8 charset and passes the Idempotency-Key on", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/graphs`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8", "idempotency-key": "k1" },
      body: '{"name": "g"}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/graphs/${GRAPH.id}`);
    expect(service.calls).toEqual([
      { method: "submit", args: ["default", { name: "g" }, { idempotencyKey: "k1" }] },
    ]);
  });

  it("takes the node to retry from the body on the tenant route, and refuses a body without it", async () => {
    const base = await start();
    const url = `${base}/api/v1/tenants/acme/workflows/g1/retry`;
    const missing = await fetch(url, { method: "POST", headers: json, body: "{}" });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).code).toBe("invalid_request");
    const ok = await fetch(url, { method: "POST", headers: json, body: '{"nodeId": "n1"}' });
    expect(ok.status).toBe(200);
    expect(service.calls).toEqual([{ method: "retryNode", args: ["acme", "g1", "n1"] }]);
  });
});

describe("query parameters and tenants", () => {
  it.each(["0", "-1", "abc", "1.5", "1e3", ""])("refuses limit=%j with 400", async (limit) => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/graphs?limit=${limit}`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
    expect(service.calls).toEqual([]);
  });

  it("refuses a repeated query parameter", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/graphs/g1/events?after=1-0&after=2-0`);
    expect(res.status).toBe(400);
  });

  it("uses the configured default page sizes", async () => {
    const base = await start({ defaultListLimit: 7, defaultEventsLimit: 9 });
    await fetch(`${base}/api/v1/tenants/acme/workflows?status=running`);
    await fetch(`${base}/api/v1/graphs/g1/events?after=5-0`);
    expect(service.calls).toEqual([
      { method: "list", args: ["acme", { limit: 7, status: "running" }] },
      { method: "events", args: ["default", "g1", { after: "5-0", limit: 9 }] },
    ]);
  });

  it("refuses a malformed tenant id", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/v1/tenants/${"t".repeat(65)}/workflows`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("tenant id");
    expect(service.calls).toEqual([]);
  });
});

describe("system routes", () => {
  it("answers /ready with 503 and the report when not ready", async () => {
    const base = await start();
    service.readiness_ = { ready: false, checks: { redis: { ok: false, message: "ECONNREFUSED" } } };
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ready: false,
      checks: { redis: { ok: false, message: "ECONNREFUSED" } },
    });
  });

  it("serves metrics with their content type, and 404 when none are configured", async () => {
    const withMetrics = await start({
      metrics: { contentType: "text/plain; version=0.0.4; charset=utf-8", render: async () => "dago_up 1\n" },
    });
    const res = await fetch(`${withMetrics}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await res.text()).toBe("dago_up 1\n");
    await close?.();

    const without = await start();
    const missing = await fetch(`${without}/metrics`);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("not_found");
  });
});
