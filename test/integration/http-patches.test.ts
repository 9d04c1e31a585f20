// Patches over a real HTTP server with API keys: the ETag of one answer is the If-Match of the next, a version in
// the body and one in the header must agree, a malformed If-Match is the client's error, the tenant route patches
// like the single-tenant one, a read-only key may not patch, another tenant's graph answers like a missing one,
// and a YAML body patches like a JSON one. No worker runs, so the graph's version moves only with the patches.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../internal/api/http/create-http-app.js";
import { ApiKeyStore, parseApiKeys, RequestGate } from "../../internal/auth/index.js";
import type { GraphView } from "../../internal/contract/graph-views.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";

const KEYS = {
  acme: "acme-write-key-0001",
  acmeRead: "acme-read-key-00001",
  globex: "globex-write-key-001",
};

let h: Harness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  const { entries } = parseApiKeys(`acme=${KEYS.acme},acme:read=${KEYS.acmeRead},globex=${KEYS.globex}`);
  server = createHttpApp({
    service: h.service,
    gate: new RequestGate(new ApiKeyStore(entries)),
    logger: h.logger,
    maxBodyBytes: 1024 * 1024,
  }).listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await h?.close();
});

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = ErrorBody>(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
  };
}

/** A graph of `tenant` whose root stays ready (no worker runs) and whose second node waits on it. */
async function submit(key = KEYS.acme): Promise<GraphView> {
  const res = await call<{ graph: GraphView }>("POST", "/api/v1/graphs", {
    key,
    body: {
      name: "patched",
      nodes: [
        { id: "a", type: "noop" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.body.graph;
}

const patchPath = (id: string) => `/api/v1/graphs/${id}/patches`;

async function current(id: string, key = KEYS.acme): Promise<GraphView> {
  const res = await call<GraphView>("GET", `/api/v1/graphs/${id}`, { key });
  expect(res.status).toBe(200);
  return res.body;
}

describe("If-Match and ETag", () => {
  it("answers with the new version in ETag, which the next patch can name in If-Match", async () => {
    const graph = await submit();
    const first = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": `"${graph.version}"` },
      body: { addNodes: [{ id: "x", type: "noop", dependsOn: ["a"] }] },
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBeGreaterThan(graph.version);
    expect(first.headers.get("etag")).toBe(`"${first.body.version}"`);
    expect(first.body.nodes.x).toMatchObject({ status: "pending", dependsOn: ["a"] });

    // The bare number form of If-Match works as well as the quoted one.
    const second = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": String(first.headers.get("etag")) },
      body: { addDependencies: [{ node: "b", dependsOn: ["x"] }] },
    });
    expect(second.status).toBe(200);
    expect(second.body.nodes.b?.dependsOn).toEqual(["a", "x"]);
    const third = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": String(second.body.version) },
      body: { removeNodes: ["b"] },
    });
    expect(third.status).toBe(200);
    expect(third.body.nodes.b).toBeUndefined();
  });

  it("refuses an If-Match the graph has moved past with 409 and the current version, applying nothing", async () => {
    const graph = await submit();
    const moved = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      body: { addNodes: [{ id: "x", type: "noop" }] },
    });
    expect(moved.status).toBe(200);
    const stale = await call("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": `"${graph.version}"` },
      body: { addNodes: [{ id: "y", type: "noop" }] },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    expect(stale.body.error.details[0]).toMatchObject({ currentVersion: moved.body.version });
    const after = await current(graph.id);
    expect(after.version).toBe(moved.body.version);
    expect(after.nodes.y).toBeUndefined();
  });

  it("takes ifVersion in the body, and both when they agree; refuses them disagreeing with 400", async () => {
    const graph = await submit();
    const disagreeing = await call("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": `"${graph.version}"` },
      body: { ifVersion: graph.version + 1, addNodes: [{ id: "x", type: "noop" }] },
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.error.code).toBe("invalid_request");
    expect((await current(graph.id)).version).toBe(graph.version);

    const agreeing = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "if-match": `"${graph.version}"` },
      body: { ifVersion: graph.version, addNodes: [{ id: "x", type: "noop" }] },
    });
    expect(agreeing.status).toBe(200);
    const inBody = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      body: { ifVersion: agreeing.body.version, addNodes: [{ id: "y", type: "noop" }] },
    });
    expect(inBody.status).toBe(200);
    const staleBody = await call("POST", patchPath(graph.id), {
      key: KEYS.acme,
      body: { ifVersion: agreeing.body.version, addNodes: [{ id: "z", type: "noop" }] },
    });
    expect(staleBody.status).toBe(409);
    expect(staleBody.body.error.code).toBe("version_conflict");
    for (const bad of [-1, 1.5, "3", null]) {
      const res = await call("POST", patchPath(graph.id), {
        key: KEYS.acme,
        body: { ifVersion: bad, addNodes: [{ id: "z", type: "noop" }] },
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
  });

  it("refuses a malformed If-Match with 400 invalid_request, applying nothing", async () => {
    const graph = await submit();
    for (const header of ["abc", "", "-1", 'W/"3"', '"1", "2"', "*", "1.5", "1234567890123456"]) {
      const res = await call("POST", patchPath(graph.id), {
        key: KEYS.acme,
        headers: { "if-match": header },
        body: { addNodes: [{ id: "x", type: "noop" }] },
      });
      expect(res.status, header).toBe(400);
      expect(res.body.error.code, header).toBe("invalid_request");
      expect(res.body.error.details[0]).toMatchObject({ code: "bad_header", path: "If-Match" });
    }
    const after = await current(graph.id);
    expect(after.version).toBe(graph.version);
    expect(after.nodes.x).toBeUndefined();
  });
});

describe("bodies", () => {
  it("takes a YAML patch like a JSON one", async () => {
    const graph = await submit();
    const yaml = `ifVersion: ${graph.version}
addNodes:
  - id: extra
    type: noop
    dependsOn: [a]
addDependencies:
  - node: b
    dependsOn: [extra]
`;
    const res = await call<GraphView>("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "content-type": "application/yaml" },
      body: yaml,
    });
    expect(res.status).toBe(200);
    expect(res.body.nodes.extra).toMatchObject({ status: "pending", dependsOn: ["a"] });
    expect(res.body.nodes.b?.dependsOn).toEqual(["a", "extra"]);

    const broken = await call("POST", patchPath(graph.id), {
      key: KEYS.acme,
      headers: { "content-type": "application/yaml" },
      body: "addNodes: [\n",
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("invalid_yaml");
  });

  it("reports every problem of an invalid patch with paths into it, and applies nothing", async () => {
    const graph = await submit();
    const res = await call("POST", patchPath(graph.id), {
      key: KEYS.acme,
      body: {
        addNodes: [{ id: "a", type: "noop" }],
        addDependencies: [{ node: "b", dependsOn: ["ghost"] }],
        removeNodes: ["a"],
        colour: "red",
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    const found = res.body.error.details.map((d) => [d.code, d.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["unknown_field", "/colour"],
        ["duplicate_node_id", "/addNodes/0/id"],
        ["unknown_dependency", "/addDependencies/0/dependsOn/0"],
        ["node_still_needed", "/removeNodes/0"],
      ]),
    );
    expect((await current(graph.id)).version).toBe(graph.version);
  });
});

describe("tenants and keys", () => {
  it("patches on the tenant route like on the single-tenant one", async () => {
    const graph = await submit();
    const res = await call<GraphView>("POST", `/api/v1/tenants/acme/workflows/${graph.id}/patches`, {
      key: KEYS.acme,
      headers: { "if-match": `"${graph.version}"` },
      body: { addNodes: [{ id: "t", type: "noop", dependsOn: ["a"] }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${res.body.version}"`);
    expect(res.body.nodes.t?.status).toBe("pending");
    expect((await current(graph.id)).nodes.t?.status).toBe("pending");
  });

  it("refuses a read-only key with 403 on both routes, applying nothing", async () => {
    const graph = await submit();
    for (const path of [patchPath(graph.id), `/api/v1/tenants/acme/workflows/${graph.id}/patches`]) {
      const res = await call("POST", path, {
        key: KEYS.acmeRead,
        body: { addNodes: [{ id: "x", type: "noop" }] },
      });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe("permission_denied");
    }
    // The read key still sees the graph, unchanged.
    const seen = await current(graph.id, KEYS.acmeRead);
    expect(seen.version).toBe(graph.version);
    expect(seen.nodes.x).toBeUndefined();
  });

  it("answers another tenant's graph with 404, exactly like a missing graph", async () => {
    const graph = await submit(KEYS.acme);
    const body = { addNodes: [{ id: "x", type: "noop" }] };
    const foreign = await call("POST", patchPath(graph.id), { key: KEYS.globex, body });
    const viaTenant = await call("POST", `/api/v1/tenants/acme/workflows/${graph.id}/patches`, {
      key: KEYS.globex,
      body,
    });
    const missingId = graph.id.replace(/^./, graph.id.startsWith("0") ? "1" : "0");
    const missing = await call("POST", patchPath(missingId), { key: KEYS.globex, body });
    for (const res of [foreign, viaTenant, missing]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(foreign.body.error.message).toBe(missing.body.error.message.replace(missingId, graph.id));
    expect((await current(graph.id)).nodes.x).toBeUndefined();
  });

  it("refuses a patch without a key with 401", async () => {
    const graph = await submit();
    const res = await call("POST", patchPath(graph.id), { body: { addNodes: [{ id: "x", type: "noop" }] } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthenticated");
  });

  it("leaves every graph whole for the invariant checker", async () => {
    await expectGraphsWhole(h.redis, h.keyPrefix);
  });
});
