// API keys and tenant isolation over HTTP, gRPC and WebSocket, against a real dago process with workers: a key
// reaches only its own tenant's graphs, another tenant's graphs answer exactly like missing ones (404 /
// NOT_FOUND / graph_not_found), read-only keys cannot change anything, admin keys reach every tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { type Message, type TestClient, useApis } from "./ws-test-client.js";

const KEYS = {
  acme: "acme-write-key-0001",
  acmeRead: "acme-read-key-00001",
  globex: "globex-write-key-001",
  admin: "ops-admin-key-000001",
};
const file = useApis({
  workers: true,
  env: {
    DAGO_API_KEYS: `acme=${KEYS.acme},acme:read=${KEYS.acmeRead},globex=${KEYS.globex},ops:admin=${KEYS.admin}`,
    MOCK_LLM_LATENCY_MS: "600000",
  },
});
const [api] = file.apis;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function call(
  method: string,
  path: string,
  key: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: Message; headers: Headers }> {
  const res = await fetch(`${api.http}${path}`, {
    method,
    headers: {
      ...(key === undefined ? {} : bearer(key)),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

// A graph that stays running: its llm node sleeps for ten minutes.
const SPEC = {
  name: "acme-secret-plan",
  nodes: [
    { id: "think", type: "llm", prompt: "take your time" },
    { id: "after", type: "noop", dependsOn: ["think"] },
  ],
};
let graphId = "";
let grpc: Record<"acme" | "acmeRead" | "globex" | "globexAsAcme" | "admin" | "none", DagoGrpcClient>;

beforeAll(async () => {
  const created = await call("POST", "/api/v1/graphs", KEYS.acme, SPEC);
  expect(created.status).toBe(201);
  graphId = created.body.id;
  const address = `127.0.0.1:${api.dago.grpcPort}`;
  grpc = {
    acme: new DagoGrpcClient({ address, apiKey: KEYS.acme }),
    acmeRead: new DagoGrpcClient({ address, apiKey: KEYS.acmeRead }),
    globex: new DagoGrpcClient({ address, apiKey: KEYS.globex }),
    globexAsAcme: new DagoGrpcClient({ address, apiKey: KEYS.globex, tenantId: "acme" }),
    admin: new DagoGrpcClient({ address, apiKey: KEYS.admin, tenantId: "acme" }),
    none: new DagoGrpcClient({ address }),
  };
});
afterAll(() => {
  for (const client of Object.values(grpc ?? {})) client.close();
});

describe("HTTP", () => {
  it("refuses API calls without a valid key, with 401 and a Bearer challenge", async () => {
    for (const key of [undefined, "not-a-key-of-this-server", ""]) {
      const res = await call("GET", "/api/v1/graphs", key);
      expect(res.status, String(key)).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="dago"');
    }
    const basic = await fetch(`${api.http}/api/v1/graphs`, {
      headers: { authorization: `Basic ${KEYS.acme}` },
    });
    expect(basic.status).toBe(401);
    expect((await call("GET", "/metrics", undefined)).status).toBe(401);
  });

  it("keeps probes, the API description and the dashboard open", async () => {
    for (const path of ["/health", "/ready", "/openapi.json"]) {
      expect((await fetch(`${api.http}${path}`)).status, path).toBe(200);
    }
    const page = await fetch(`${api.http}/graphs/x`, { headers: { accept: "text/html" } });
    expect(page.status).not.toBe(401);
  });

  it("acts for the key's own tenant on /api/v1/graphs", async () => {
    const own = await call("GET", `/api/v1/graphs/${graphId}`, KEYS.acme);
    expect(own.status).toBe(200);
    expect(own.body.tenantId).toBe("acme");
    const listed = await call("GET", "/api/v1/graphs", KEYS.acme);
    expect(listed.body.graphs.map((g: { id: string }) => g.id)).toContain(graphId);
    expect((await call("GET", "/api/v1/graphs", KEYS.globex)).body.graphs).toEqual([]);
  });

  it("answers another tenant's graph on every route exactly like a missing one", async () => {
    const missing = graphId.replace(/^./, graphId[0] === "0" ? "1" : "0");
    const routes: Array<[string, (id: string) => string, unknown?]> = [
      ["GET", (id) => `/api/v1/graphs/${id}`],
      ["GET", (id) => `/api/v1/graphs/${id}/events`],
      ["GET", (id) => `/api/v1/graphs/${id}/metrics`],
      ["POST", (id) => `/api/v1/graphs/${id}/pause`],
      ["POST", (id) => `/api/v1/graphs/${id}/resume`],
      ["POST", (id) => `/api/v1/graphs/${id}/cancel`],
      ["POST", (id) => `/api/v1/graphs/${id}/nodes/think/retry`],
      ["GET", (id) => `/api/v1/tenants/globex/workflows/${id}`],
      ["POST", (id) => `/api/v1/tenants/globex/workflows/${id}/cancel`],
    ];
    for (const [method, path, body] of routes) {
      const foreign = await call(method, path(graphId), KEYS.globex, body);
      const absent = await call(method, path(missing), KEYS.globex, body);
      expect(foreign.status, path(graphId)).toBe(404);
      expect(foreign.body.error.code).toBe("not_found");
      expect(foreign.body.error.message.replace(graphId, "ID")).toBe(
        absent.body.error.message.replace(missing, "ID"),
      );
    }
  });

  it("refuses a key on another tenant's routes with 404, whatever the tenant holds", async () => {
    const routes: Array<[string, string, unknown?]> = [
      ["GET", "/api/v1/tenants/acme/workflows"],
      ["GET", `/api/v1/tenants/acme/workflows/${graphId}`],
      ["GET", `/api/v1/tenants/acme/workflows/${graphId}/events`],
      ["GET", `/api/v1/tenants/acme/workflows/${graphId}/metrics`],
      ["POST", `/api/v1/tenants/acme/workflows/${graphId}/pause`],
      ["POST", `/api/v1/tenants/acme/workflows/${graphId}/resume`],
      ["POST", `/api/v1/tenants/acme/workflows/${graphId}/cancel`],
      ["POST", `/api/v1/tenants/acme/workflows/${graphId}/retry`, { nodeId: "think" }],
      ["POST", "/api/v1/tenants/acme/workflows", SPEC],
      ["GET", "/api/v1/tenants/nobody-here/workflows"],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, KEYS.globex, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    // Nothing was changed: the graph still runs and globex got no graph in acme's name.
    const state = await call("GET", `/api/v1/graphs/${graphId}`, KEYS.acme);
    expect(state.body.status).toBe("running");
    const list = await call("GET", "/api/v1/graphs", KEYS.acme);
    expect(list.body.graphs).toHaveLength(1);
  });

  it("lets a read-only key read but not change anything", async () => {
    expect((await call("GET", `/api/v1/graphs/${graphId}`, KEYS.acmeRead)).status).toBe(200);
    expect((await call("GET", `/api/v1/graphs/${graphId}/events`, KEYS.acmeRead)).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/api/v1/graphs", SPEC],
      ["POST", `/api/v1/graphs/${graphId}/pause`],
      ["POST", `/api/v1/graphs/${graphId}/cancel`],
    ] as Array<[string, string, unknown?]>) {
      const res = await call(method, path, KEYS.acmeRead, body);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe("permission_denied");
    }
    expect((await call("GET", "/api/v1/graphs", KEYS.acme)).body.graphs).toHaveLength(1);
  });

  it("lets an admin key reach every tenant and /metrics, and only it", async () => {
    const viaAdmin = await call("GET", `/api/v1/tenants/acme/workflows/${graphId}`, KEYS.admin);
    expect(viaAdmin.status).toBe(200);
    expect(viaAdmin.body.id).toBe(graphId);
    const metrics = await fetch(`${api.http}/metrics`, { headers: bearer(KEYS.admin) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("dago_");
    const denied = await call("GET", "/metrics", KEYS.acme);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("permission_denied");
  });

  it("sends security headers on API answers and pages", async () => {
    for (const path of ["/api/v1/graphs", "/"]) {
      const res = await fetch(`${api.http}${path}`, { headers: bearer(KEYS.acme) });
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
    const api401 = await fetch(`${api.http}/api/v1/graphs`);
    expect(api401.headers.get("cache-control")).toBe("no-store");
  });
});

async function grpcError(promise: Promise<unknown>): Promise<DagoGrpcError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DagoGrpcError);
  return err as DagoGrpcError;
}

describe("gRPC", () => {
  it("refuses calls without a valid key with UNAUTHENTICATED", async () => {
    const err = await grpcError(grpc.none.list());
    expect(err.grpcCode).toBe(16);
    expect(err.code).toBe("unauthenticated");
  });

  it("answers another tenant's graph like a missing one, on every method", async () => {
    const calls: Array<[string, (c: DagoGrpcClient) => Promise<unknown>]> = [
      ["get", (c) => c.get(graphId)],
      ["events", (c) => c.events(graphId)],
      ["metrics", (c) => c.metrics(graphId)],
      ["pause", (c) => c.pause(graphId)],
      ["resume", (c) => c.resume(graphId)],
      ["cancel", (c) => c.cancel(graphId)],
      ["retryNode", (c) => c.retryNode(graphId, "think")],
      [
        "watch",
        async (c) => {
          for await (const _ of c.watch(graphId)) break;
        },
      ],
    ];
    for (const [name, run] of calls) {
      for (const client of [grpc.globex, grpc.globexAsAcme]) {
        const err = await grpcError(run(client));
        expect(err.grpcCode, name).toBe(5);
        expect(err.code, name).toBe("not_found");
      }
    }
    expect((await grpcError(grpc.globexAsAcme.list())).code).toBe("not_found");
    expect((await grpcError(grpc.globexAsAcme.submit(SPEC))).code).toBe("not_found");
    expect((await grpc.acme.get(graphId)).status).toBe("running");
  });

  it("gives read-only keys PERMISSION_DENIED for changes and admin keys every tenant", async () => {
    expect((await grpc.acmeRead.get(graphId)).id).toBe(graphId);
    const err = await grpcError(grpc.acmeRead.submit(SPEC));
    expect(err.grpcCode).toBe(7);
    expect(err.code).toBe("permission_denied");
    expect((await grpcError(grpc.acmeRead.cancel(graphId))).code).toBe("permission_denied");
    expect((await grpc.admin.get(graphId)).tenantId).toBe("acme");
  });
});

describe("WebSocket", () => {
  it("refuses the upgrade without a valid key with 401", async () => {
    for (const headers of [{}, bearer("not-a-key-of-this-server")]) {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(api.ws, { headers });
        socket.once("unexpected-response", (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.once("open", () => reject(new Error("the upgrade was accepted")));
        socket.once("error", () => undefined);
      });
      expect(status).toBe(401);
    }
  });

  it("lets a key subscribe to its own tenant's graphs only", async () => {
    const globex = await file.client(api, { headers: bearer(KEYS.globex) });
    globex.send({ op: "subscribe", sub: "g", scope: "graphs", graphs: [graphId], after: "0-0" });
    const refused = await globex.next((m) => m.sub === "g");
    expect(refused).toMatchObject({ type: "error", code: "graph_not_found" });
    globex.send({ op: "subscribe", sub: "t", scope: "tenant", tenant: "acme" });
    expect(await globex.next((m) => m.sub === "t")).toMatchObject({
      type: "error",
      code: "tenant_not_found",
    });

    const acme: TestClient = await file.client(api, { headers: bearer(KEYS.acmeRead) });
    acme.send({ op: "subscribe", sub: "own", scope: "graphs", graphs: [graphId], after: "0-0" });
    await acme.until(() => acme.events("own").some((e) => e.type === "NodeStarted"));
    expect(acme.events("own")[0]).toMatchObject({ type: "GraphSubmitted", graphId });
    // The refused subscriptions delivered nothing.
    expect(globex.messages.filter((m) => m.type === "event")).toEqual([]);
  });
});
