import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphState, GraphStatus } from "../../internal/domain/state.js";
import { DagoApiError, DagoConnectionError, DagoTimeoutError } from "./errors.js";
import { DagoClient } from "./http-client.js";
import type { FetchLike } from "./types.js";

interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status?: number; json?: unknown; text?: string };

/** A fetch that answers from `handler` and records every request. */
function fakeFetch(handler: (req: Recorded) => Reply | Promise<Reply>): {
  fetch: FetchLike;
  calls: Recorded[];
} {
  const calls: Recorded[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const req: Recorded = {
      method: init.method ?? "GET",
      url: new URL(input),
      headers,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(req);
    const reply = await handler(req);
    const text = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    return new Response(text, {
      status: reply.status ?? 200,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetch, calls };
}

function graph(status: GraphStatus, id = "g1"): GraphState {
  return {
    id,
    tenantId: "default",
    name: "report",
    status,
    version: 1,
    lastEventId: "1-0",
    input: {},
    createdAt: 1,
    nodes: {},
  };
}

function event(id: string, type: GraphEvent["type"] = "NodeReady"): GraphEvent {
  return { id, graphId: "g1", tenantId: "default", type, at: 1, data: {} };
}

describe("DagoClient requests", () => {
  it("submits JSON with the idempotency key and bearer token, and tells a repeat from a creation", async () => {
    let status = 201;
    const { fetch, calls } = fakeFetch(() => ({
      status,
      json: { id: "g1", status: "pending", graph: graph("pending") },
    }));
    const client = new DagoClient({ baseUrl: "http://dago.test:8080/", apiKey: "secret", fetch });
    const spec = { name: "x", nodes: [{ id: "a", type: "noop" }] };

    const first = await client.submit(spec, { idempotencyKey: "k1" });
    status = 200;
    const again = await client.submit(spec, { idempotencyKey: "k1" });

    expect(first).toMatchObject({ id: "g1", status: "pending", created: true });
    expect(again.created).toBe(false);
    const [req] = calls;
    expect(req?.method).toBe("POST");
    expect(req?.url.href).toBe("http://dago.test:8080/api/v1/graphs");
    expect(req?.headers).toMatchObject({
      "Idempotency-Key": "k1",
      Authorization: "Bearer secret",
      "Content-Type": "application/json",
    });
    expect(req?.body).toEqual(spec);
  });

  it("sends a spec written as text as it is, with the Content-Type of its format", async () => {
    const sent: Array<{ path: string; type: string | undefined; body: unknown }> = [];
    const fetch: FetchLike = async (input, init) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      sent.push({ path: new URL(input).pathname, type: headers["Content-Type"], body: init.body });
      const json = input.endsWith("/validate")
        ? { valid: true, errors: [], levels: [["a"]], warnings: [] }
        : { id: "g1", status: "pending", graph: graph("pending"), warnings: [] };
      return new Response(JSON.stringify(json), { status: input.endsWith("/validate") ? 200 : 201 });
    };
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const yaml = "name: x\nnodes:\n  - id: a\n    type: noop\n";

    expect((await client.validateText(yaml, "yaml")).valid).toBe(true);
    expect(await client.submitText('{"name":"x"}', "json", { idempotencyKey: "k1" })).toMatchObject({
      id: "g1",
      created: true,
    });
    expect(sent).toEqual([
      { path: "/api/v1/dag/validate", type: "application/yaml", body: yaml },
      { path: "/api/v1/graphs", type: "application/json", body: '{"name":"x"}' },
    ]);
  });

  it("uses the single-tenant routes, encoding ids and leaving unset query values out", async () => {
    const { fetch, calls } = fakeFetch((req) =>
      req.url.pathname.endsWith("/events") ? { json: { events: [] } } : { json: graph("running") },
    );
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    await client.get("a/b");
    await client.list({ status: "running", limit: 5 });
    await client.events("g1", { after: "5-0" });
    await client.pause("g1");
    await client.resume("g1");
    await client.cancel("g1");
    await client.retryNode("g1", "n 1");
    await client.metrics("g1");
    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "GET /api/v1/graphs/a%2Fb",
      "GET /api/v1/graphs?status=running&limit=5",
      "GET /api/v1/graphs/g1/events?after=5-0",
      "POST /api/v1/graphs/g1/pause",
      "POST /api/v1/graphs/g1/resume",
      "POST /api/v1/graphs/g1/cancel",
      "POST /api/v1/graphs/g1/nodes/n%201/retry",
      "GET /api/v1/graphs/g1/metrics",
    ]);
    expect(calls.every((c) => c.headers.Authorization === undefined)).toBe(true);
  });

  it("uses the tenant routes when a tenant is set, naming the node to retry in the body", async () => {
    const { fetch, calls } = fakeFetch(() => ({
      status: 201,
      json: { id: "g1", status: "pending", graph: graph("pending") },
    }));
    const client = new DagoClient({ baseUrl: "http://dago.test", tenantId: "acme", fetch });
    await client.submit({ name: "x", nodes: [] });
    await client.get("g1");
    await client.list();
    await client.events("g1");
    await client.retryNode("g1", "n1");
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "POST /api/v1/tenants/acme/workflows",
      "GET /api/v1/tenants/acme/workflows/g1",
      "GET /api/v1/tenants/acme/workflows",
      "GET /api/v1/tenants/acme/workflows/g1/events",
      "POST /api/v1/tenants/acme/workflows/g1/retry",
    ]);
    expect(calls[4]?.body).toEqual({ nodeId: "n1" });
  });

  it("posts a patch to the graph's patches, with If-Match only when a version is given", async () => {
    const { fetch, calls } = fakeFetch(() => ({ json: graph("running") }));
    const patch = { addNodes: [{ id: "extra", type: "noop", dependsOn: ["a"] }], removeNodes: ["old"] };
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    expect((await client.patchGraph("g1", patch, { ifVersion: 12 })).id).toBe("g1");
    await client.patchGraph("g1", { removeNodes: ["x"] });
    await new DagoClient({ baseUrl: "http://dago.test", tenantId: "acme", fetch }).patchGraph("g1", patch);
    expect(calls.map((c) => `${c.method} ${c.url.pathname} ${c.headers["If-Match"] ?? "-"}`)).toEqual([
      'POST /api/v1/graphs/g1/patches "12"',
      "POST /api/v1/graphs/g1/patches -",
      "POST /api/v1/tenants/acme/workflows/g1/patches -",
    ]);
    expect(calls[0]?.body).toEqual(patch);
  });

  it("keeps the system routes outside the tenant", async () => {
    const { fetch, calls } = fakeFetch((req) => {
      if (req.url.pathname === "/ready")
        return { status: 503, json: { ready: false, checks: { redis: { ok: false } } } };
      if (req.url.pathname === "/api/v1/workers") return { json: { workers: [] } };
      if (req.url.pathname === "/health") return { json: { status: "ok" } };
      return { json: { valid: false, errors: [{ code: "cycle", message: "cycle: a -> a" }], levels: [] } };
    });
    const client = new DagoClient({ baseUrl: "http://dago.test", tenantId: "acme", fetch });
    expect(await client.ready()).toEqual({ ready: false, checks: { redis: { ok: false } } });
    expect(await client.workers()).toEqual([]);
    expect(await client.health()).toEqual({ status: "ok" });
    expect((await client.validate({})).valid).toBe(false);
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "GET /ready",
      "GET /api/v1/workers",
      "GET /health",
      "POST /api/v1/dag/validate",
    ]);
  });

  it("rejects a base URL that is not http(s)", () => {
    expect(() => new DagoClient({ baseUrl: "localhost:8080" })).toThrow(/absolute http\(s\) URL/);
    expect(() => new DagoClient({ baseUrl: "ftp://x" })).toThrow(TypeError);
  });
});

describe("DagoClient errors", () => {
  it("turns an error body into a DagoApiError with the server's code and details", async () => {
    const details = [{ code: "cycle", message: "cycle: a -> b -> a", nodeId: "a" }];
    const { fetch } = fakeFetch(() => ({
      status: 400,
      json: { error: { code: "validation_failed", message: "the graph is invalid", details } },
    }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const error = await client.submit({ name: "x", nodes: [] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DagoApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "the graph is invalid",
      details,
    });
  });

  it("reads the current version of a version conflict", async () => {
    const { fetch } = fakeFetch(() => ({
      status: 409,
      json: {
        error: {
          code: "version_conflict",
          message: "graph g1 is at version 14, not 12",
          details: [{ code: "version_conflict", message: "current version is 14", currentVersion: 14 }],
        },
      },
    }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const error = await client.patchGraph("g1", { removeNodes: ["x"] }, { ifVersion: 12 }).catch((e) => e);
    expect(error).toBeInstanceOf(DagoApiError);
    expect(error).toMatchObject({ status: 409, code: "version_conflict", currentVersion: 14 });
    expect(new DagoApiError(400, "validation_failed", "bad").currentVersion).toBeUndefined();
  });

  it("describes an answer that is not a dago error body", async () => {
    const { fetch } = fakeFetch(() => ({ status: 502, text: "<html>Bad Gateway</html>" }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const error = await client.get("g1").catch((err: unknown) => err);
    expect(error).toMatchObject({ status: 502, code: "http_502" });
    expect((error as Error).message).toContain("GET http://dago.test/api/v1/graphs/g1 answered HTTP 502");
  });

  it("refuses a successful answer without JSON", async () => {
    const { fetch } = fakeFetch(() => ({ status: 200, text: "hello" }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    await expect(client.get("g1")).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("raises DagoConnectionError, naming the URL, when nothing listens", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    server.close();
    await once(server, "close");

    const client = new DagoClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await client.health().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DagoConnectionError);
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/health`);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("raises DagoConnectionError when no answer comes within the timeout", async () => {
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const client = new DagoClient({ baseUrl: "http://dago.test", timeoutMs: 20, fetch });
    await expect(client.health()).rejects.toThrow(/no answer from http:\/\/dago.test\/health within 20 ms/);
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const controller = new AbortController();
    const pending = client.get("g1", { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});

describe("DagoClient.waitForEnd", () => {
  it("polls until the graph has ended", async () => {
    const statuses: GraphStatus[] = ["pending", "running", "running", "succeeded"];
    const { fetch, calls } = fakeFetch(() => ({ json: graph(statuses.shift() ?? "succeeded") }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const final = await client.waitForEnd("g1", { pollMs: 1 });
    expect(final.status).toBe("succeeded");
    expect(calls).toHaveLength(4);
  });

  it("gives up with DagoTimeoutError", async () => {
    const { fetch } = fakeFetch(() => ({ json: graph("running") }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const error = await client.waitForEnd("g1", { pollMs: 5, timeoutMs: 30 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DagoTimeoutError);
    expect((error as Error).message).toContain("it is running");
  });

  it("waits over the WebSocket, subscribed to the ending events after the last event the view holds", async () => {
    let status: GraphStatus = "running";
    const { fetch, calls } = fakeFetch(() => ({ json: graph(status) }));
    const sent: unknown[] = [];
    const socket = {
      readyState: 0,
      onopen: null as (() => void) | null,
      onclose: null as (() => void) | null,
      onerror: null,
      onmessage: null as ((event: { data: string }) => void) | null,
      send(data: string) {
        const message = JSON.parse(data) as { op: string; sub: string };
        sent.push(message);
        if (message.op !== "subscribe") return;
        status = "succeeded";
        const end = { ...event("2-0", "GraphCompleted") };
        socket.onmessage?.({ data: JSON.stringify({ type: "event", sub: message.sub, event: end }) });
      },
      close() {},
    };
    const client = new DagoClient({
      baseUrl: "http://dago.test",
      apiKey: "k",
      fetch,
      webSocket: (url, protocols) => {
        expect(url).toBe("ws://dago.test/api/v1/ws");
        expect(protocols).toEqual(["dago", "dago.bearer.aw"]);
        queueMicrotask(() => socket.onopen?.());
        return socket;
      },
    });
    const final = await client.waitForEnd("g1", { pollMs: 60_000 });
    expect(final.status).toBe("succeeded");
    expect(sent).toEqual([
      {
        op: "subscribe",
        sub: "w1",
        graphs: ["g1"],
        types: ["GraphCompleted", "GraphFailed", "GraphCancelled"],
        after: "1-0",
      },
      { op: "unsubscribe", sub: "w1" },
    ]);
    expect(calls).toHaveLength(2);
  });

  it("polls when the WebSocket closes before it opens", async () => {
    const statuses: GraphStatus[] = ["running", "running", "cancelled"];
    const { fetch, calls } = fakeFetch(() => ({ json: graph(statuses.shift() ?? "cancelled") }));
    const client = new DagoClient({
      baseUrl: "http://dago.test",
      fetch,
      webSocket: () => {
        const socket = { readyState: 0, onopen: null, onclose: null as (() => void) | null, onerror: null };
        queueMicrotask(() => socket.onclose?.());
        return { ...socket, onmessage: null, send() {}, close() {} } as never;
      },
    });
    const final = await client.waitForEnd("g1", { pollMs: 1 });
    expect(final.status).toBe("cancelled");
    expect(calls).toHaveLength(3);
  });

  it("stops when the signal aborts", async () => {
    const { fetch } = fakeFetch(() => ({ json: graph("paused") }));
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const controller = new AbortController();
    const pending = client.waitForEnd("g1", { pollMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("enough")), 20);
    await expect(pending).rejects.toThrow("enough");
  });
});

describe("DagoClient.followEvents", () => {
  it("pages through the history, polls while the graph runs, and ends once it ended and is drained", async () => {
    // The stream as the server would see it over time: more events appear while the graph runs.
    const stream: GraphEvent[] = [event("1-0", "GraphSubmitted"), event("2-0", "GraphStarted"), event("3-0")];
    let status: GraphStatus = "running";
    let looks = 0;
    const { fetch, calls } = fakeFetch((req) => {
      if (!req.url.pathname.endsWith("/events")) {
        looks++;
        if (looks === 1) stream.push(event("4-0", "NodeCompleted"));
        if (looks === 2) {
          // Ends between the events read and this look: the final pass must still deliver 5-0.
          stream.push(event("5-0", "GraphCompleted"));
          status = "succeeded";
        }
        return { json: graph(status) };
      }
      const after = req.url.searchParams.get("after");
      const limit = Number(req.url.searchParams.get("limit"));
      const start = after === null ? 0 : stream.findIndex((e) => e.id === after) + 1;
      const events = stream.slice(start, start + limit);
      const full = events.length === limit;
      return { json: full ? { events, nextAfter: events[events.length - 1]?.id } : { events } };
    });
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });

    const seen: string[] = [];
    for await (const e of client.followEvents("g1", { pollMs: 1, limit: 2 })) seen.push(e.id);

    expect(seen).toEqual(["1-0", "2-0", "3-0", "4-0", "5-0"]);
    expect(looks).toBe(2);
    const afters = calls
      .filter((c) => c.url.pathname.endsWith("/events"))
      .map((c) => c.url.searchParams.get("after"));
    expect(afters).toEqual([null, "2-0", "3-0", "4-0"]);
  });

  it("starts after the given event id", async () => {
    const { fetch, calls } = fakeFetch((req) =>
      req.url.pathname.endsWith("/events") ? { json: { events: [] } } : { json: graph("cancelled") },
    );
    const client = new DagoClient({ baseUrl: "http://dago.test", fetch });
    const seen: GraphEvent[] = [];
    for await (const e of client.followEvents("g1", { after: "9-0" })) seen.push(e);
    expect(seen).toEqual([]);
    expect(calls[0]?.url.searchParams.get("after")).toBe("9-0");
  });
});
