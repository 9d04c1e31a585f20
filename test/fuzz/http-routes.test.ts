// Hostile requests against a real HTTP server (the transport over the real service, engine and a private Redis):
// random methods, paths, query strings, headers and bodies on every route. Every answer is below 500, every error
// is the JSON error shape with a code from the catalog, the server keeps answering /health, and afterwards every
// graph stored in Redis is whole (state and events agree, the fold equals the projection).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOG } from "../../internal/contract/error-catalog.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, valueExecutor } from "../helpers/test-executors.js";
import { type RawRequest, type RawResponse, rawRequest } from "./raw-http.js";
import { hostileSpecArb, PROTOTYPE_NAMES, validSpecArb } from "./spec-arbitraries.js";

const MAX_BODY = 256 * 1024;
const CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CATALOG));
const HELD = { name: "held", nodes: [{ id: "a", type: "noop", requires: ["nobody"] }] };

let h: Harness;
let servers: ApiServers;
let base: string;
/** Graphs that exist: running (held), and ended (succeeded, failed). */
const graphIds: string[] = [];
let failedGraph = "";

async function send(req: RawRequest): Promise<RawResponse> {
  return rawRequest(base, req);
}

function json(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body));
}

/** What every answer must look like, whatever was asked. */
function expectSane(req: RawRequest, res: RawResponse): void {
  const what = `${req.method} ${req.path.slice(0, 200)} -> ${res.status} ${res.body.toString("utf8", 0, 300)}`;
  expect(res.status, what).toBeGreaterThanOrEqual(200);
  expect(res.status, what).toBeLessThan(500);
  if (res.status < 400 || req.method === "HEAD") return;
  expect(String(res.headers["content-type"]), what).toMatch(/^application\/json/);
  const parsed = JSON.parse(res.body.toString("utf8")) as { error: Record<string, unknown> };
  expect(CODES.has(String(parsed.error.code)), what).toBe(true);
  expect(ERROR_CATALOG[parsed.error.code as keyof typeof ERROR_CATALOG].http, what).toBe(res.status);
  expect(typeof parsed.error.message, what).toBe("string");
  expect(Array.isArray(parsed.error.details), what).toBe(true);
}

async function expectHealthy(): Promise<void> {
  const res = await send({ method: "GET", path: "/health" });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body.toString())).toEqual({ status: "ok" });
}

function errorCode(res: RawResponse): string {
  return (JSON.parse(res.body.toString("utf8")) as { error: { code: string } }).error.code;
}

beforeAll(async () => {
  h = await createHarness();
  servers = await startApiServers(h, { maxBodyBytes: MAX_BODY });
  base = servers.httpUrl;
  // A worker runs a few graphs to their end (one fails, so retry has something to work on), then stops, so the
  // fuzzing below sees graphs in every state and nothing changes them behind its back.
  const pool = await h.startWorker({ executors: [failingExecutor(), valueExecutor()] });
  const done = await h.submit({ name: "done", nodes: [{ id: "a", type: "noop" }] });
  failedGraph = await h.submit({
    name: "failed",
    nodes: [
      { id: "__proto__", type: "failing", retryable: false },
      { id: "constructor", type: "noop", dependsOn: ["__proto__"] },
    ],
  });
  await h.waitForEnd(done);
  await h.waitForEnd(failedGraph);
  await pool.stop(1000);
  graphIds.push(done, failedGraph, await h.submit(HELD), await h.submit(HELD, "other-tenant"));
});

afterAll(async () => {
  await servers?.close();
  await h?.close();
});

const SEGMENTS = [
  "x",
  "%",
  "%zz",
  "%00",
  "..",
  "%2e%2e",
  "%2F",
  "%F0%9F%98%80",
  "%ff%fe",
  "%ED%A0%80",
  "a".repeat(5000),
  "0123456789abcdefghjkmnpqrs-0",
  "0123456789abcdefghjkmnpqrs-99999",
  ...PROTOTYPE_NAMES,
];

const segmentArb = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...graphIds) },
    { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  );

const ROUTES = [
  "/api/v1/graphs",
  "/api/v1/graphs/:id",
  "/api/v1/graphs/:id/events",
  "/api/v1/graphs/:id/metrics",
  "/api/v1/graphs/:id/pause",
  "/api/v1/graphs/:id/resume",
  "/api/v1/graphs/:id/cancel",
  "/api/v1/graphs/:id/nodes/:node/retry",
  "/api/v1/tenants/:tenant/workflows",
  "/api/v1/tenants/:tenant/workflows/:id",
  "/api/v1/tenants/:tenant/workflows/:id/events",
  "/api/v1/tenants/:tenant/workflows/:id/metrics",
  "/api/v1/tenants/:tenant/workflows/:id/pause",
  "/api/v1/tenants/:tenant/workflows/:id/resume",
  "/api/v1/tenants/:tenant/workflows/:id/cancel",
  "/api/v1/tenants/:tenant/workflows/:id/retry",
  "/api/v1/dag/validate",
  "/api/v1/workers",
  "/api/v1/ws",
  "/health",
  "/ready",
  "/metrics",
  "/openapi.json",
  "/",
  "/graphs/:id",
  "/assets/:id",
  "/api/v2/:id",
  "//api/v1/graphs",
  "/api/v1/graphs/",
  "/api/v1/graphs/:id/:node",
];

const pathArb = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...ROUTES),
      segmentArb(),
      segmentArb(),
      fc.constantFrom("default", "other-tenant", "bad tenant", "%", "t".repeat(65), ...PROTOTYPE_NAMES),
    )
    .map(([route, id, node, tenant]) =>
      route.replace(":id", id).replace(":node", node).replace(":tenant", encodeURIComponent(tenant)),
    );

const queryArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "limit",
        "status",
        "cursor",
        "after",
        "__proto__",
        "constructor",
        "limit[]",
        "status[a]",
        "x",
      ),
      fc.oneof(
        fc.constantFrom(
          "1",
          "0",
          "-1",
          "1000",
          "1001",
          "100000000000000000000",
          "1e309",
          "NaN",
          "abc",
          "",
          "running",
          "succeeded",
          "0-0",
          "1732200000000-0",
          "99999999999999999999-99999999999999999999",
          "1732200000000|0123456789abcdefghjkmnpqrs-0",
          "%",
          "%ff",
        ),
        fc.string({ maxLength: 10 }).map(encodeURIComponent),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "application/json;;;",
  "APPLICATION/JSON",
  "application/yaml",
  "text/yaml",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "",
];

const YAML_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    return `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${prev}`).join(", ")}]`;
  }),
  "name: bomb",
  "nodes: []",
].join("\n");

/** Bodies that are hard on a parser: every one must be refused cleanly (or taken, when it is a valid graph). */
const NASTY_BODIES: readonly Buffer[] = [
  Buffer.from(""),
  Buffer.from("{"),
  Buffer.from("null"),
  Buffer.from("[]"),
  Buffer.from('"a string"'),
  Buffer.from('{"name":"one","name":"two","nodes":[]}'),
  Buffer.from('{"name":"x","nodes":[{"id":"a","type":"noop","id":"b"}]}'),
  Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
  Buffer.from(`${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`),
  Buffer.from(
    `{"name":"deep","nodes":[{"id":"a","type":"noop"}],"input":{"deep":${"[".repeat(50_000)}${"]".repeat(50_000)}}}`,
  ),
  Buffer.from(
    `{"name":"deep","nodes":[{"id":"a","type":"x","data":${"[".repeat(2_000)}${"]".repeat(2_000)}}]}`,
  ),
  Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.from([0x22, 0xc0, 0xaf, 0x22]),
  Buffer.from('{"name":"\\ud800","nodes":[{"id":"a","type":"llm","prompt":"\\udfff"}]}'),
  Buffer.from('{"name":"n","nodes":[{"id":"a","type":"noop","timeoutMs":1e309}]}'),
  Buffer.from('{"name":"n","nodes":[{"id":"a","type":"noop","priority":-0,"timeoutMs":9007199254740993}]}'),
  Buffer.from(`\ufeff${JSON.stringify(HELD)}`),
  Buffer.from(YAML_BOMB),
  Buffer.from("name: x\nnodes: !!js/function 'return 1'\n"),
  Buffer.from('{"nodeId": {"__proto__": "a"}}'),
  Buffer.from('{"nodeId": "__proto__"}'),
];

const bodyArb: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: validSpecArb(5).map(json) },
  { weight: 3, arbitrary: hostileSpecArb(5).map((spec) => Buffer.from(JSON.stringify(spec) ?? "null")) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_BODIES) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(MAX_BODY + 1, 0x20)) },
);

/** Anything at all: any method on any path, with any headers and body. */
const anyRequestArb = (): fc.Arbitrary<RawRequest> =>
  fc
    .record({
      method: fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
      path: pathArb(),
      query: queryArb,
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
      encoding: fc.option(fc.constantFrom("gzip", "identity", "br, gzip"), { nil: undefined, freq: 8 }),
      idempotencyKey: fc.option(fc.constantFrom("k1", "", " ", "k".repeat(300), "\u00e9t\u00e9"), {
        nil: undefined,
        freq: 4,
      }),
      accept: fc.option(fc.constantFrom("text/html", "application/json", "*/*"), { nil: undefined }),
      body: bodyArb,
      chunked: fc.boolean(),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.contentType !== undefined) headers["content-type"] = r.contentType;
      if (r.encoding !== undefined) headers["content-encoding"] = r.encoding;
      if (r.idempotencyKey !== undefined) headers["idempotency-key"] = r.idempotencyKey;
      if (r.accept !== undefined) headers.accept = r.accept;
      return {
        method: r.method,
        path: `${r.path}${r.query}`,
        headers,
        ...(r.body === undefined ? {} : { body: r.body }),
        ...(r.chunked && r.body !== undefined ? { chunkBytes: 4096 } : {}),
      };
    });

/** What a client of the graph routes sends, with a spec that is often, but not always, well-formed. */
const submitLikeArb: fc.Arbitrary<RawRequest> = fc
  .record({
    path: fc.constantFrom(
      "/api/v1/graphs",
      "/api/v1/graphs",
      "/api/v1/tenants/t1/workflows",
      "/api/v1/tenants/__proto__/workflows",
      "/api/v1/dag/validate",
    ),
    contentType: fc.constantFrom("application/json", "application/json; charset=utf-8", "application/yaml"),
    spec: fc.oneof(validSpecArb(5), hostileSpecArb(5)),
    idempotencyKey: fc.option(fc.constantFrom("k1", "k2", "__proto__", ""), { nil: undefined, freq: 3 }),
  })
  .map(({ path, contentType, spec, idempotencyKey }) => ({
    method: "POST",
    path,
    // JSON is YAML too, so the same text is sent under either media type.
    headers: {
      "content-type": contentType,
      ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
    },
    body: Buffer.from(JSON.stringify(spec) ?? "null"),
  }));

/** Reads and controls of graphs that exist (and of ids that do not). */
const controlArb = (): fc.Arbitrary<RawRequest> =>
  fc
    .record({
      tenantRoutes: fc.boolean(),
      id: segmentArb(),
      op: fc.constantFrom("", "/events", "/metrics", "/pause", "/resume", "/cancel", "/retry"),
      node: fc.constantFrom("__proto__", "constructor", "a", "ghost", "%", ""),
      query: queryArb,
    })
    .map(({ tenantRoutes, id, op, node, query }) => {
      const base = tenantRoutes ? `/api/v1/tenants/default/workflows/${id}` : `/api/v1/graphs/${id}`;
      const read = op === "" || op === "/events" || op === "/metrics";
      if (read) return { method: "GET", path: `${base}${op}${query}` };
      if (op !== "/retry") return { method: "POST", path: `${base}${op}` };
      if (!tenantRoutes) return { method: "POST", path: `${base}/nodes/${node}/retry` };
      return {
        method: "POST",
        path: `${base}/retry`,
        headers: { "content-type": "application/json" },
        body: json({ nodeId: node }),
      };
    });

/** Built once the graphs exist, so paths can name them. */
const requestArb = (): fc.Arbitrary<RawRequest> =>
  fc.oneof(
    { weight: 3, arbitrary: anyRequestArb() },
    { weight: 2, arbitrary: submitLikeArb },
    { weight: 2, arbitrary: controlArb() },
  );

describe("random requests", () => {
  it("every answer is below 500 with a catalog error, and the server keeps answering", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb(), { minLength: 1, maxLength: 4 }), async (batch) => {
        for (const req of batch) expectSane(req, await send(req));
        await expectHealthy();
      }),
      { numRuns: 300 },
    );
  });
});

describe("every route with a body", () => {
  const bodyRoutes = () => [
    "/api/v1/graphs",
    "/api/v1/dag/validate",
    "/api/v1/tenants/t1/workflows",
    `/api/v1/tenants/default/workflows/${graphIds[0]}/retry`,
  ];

  it("refuses a body it cannot read with 415, 413 or 400 and the matching code", async () => {
    for (const path of bodyRoutes()) {
      const plain = await send({
        method: "POST",
        path,
        headers: { "content-type": "text/plain" },
        body: json(HELD),
      });
      expect([plain.status, errorCode(plain)]).toEqual([415, "unsupported_media_type"]);
      const none = await send({ method: "POST", path, body: json(HELD) });
      expect([none.status, errorCode(none)]).toEqual([415, "unsupported_media_type"]);
      const latin = await send({
        method: "POST",
        path,
        headers: { "content-type": "application/json; charset=latin1" },
        body: json(HELD),
      });
      expect([latin.status, errorCode(latin)]).toEqual([415, "unsupported_media_type"]);
      const gzip = await send({
        method: "POST",
        path,
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
        body: json(HELD),
      });
      expect([gzip.status, errorCode(gzip)]).toEqual([415, "unsupported_media_type"]);
      for (const chunkBytes of [undefined, 16 * 1024]) {
        const big = await send({
          method: "POST",
          path,
          headers: { "content-type": "application/json" },
          body: Buffer.alloc(MAX_BODY + 1, 0x20),
          ...(chunkBytes === undefined ? {} : { chunkBytes }),
        });
        expect([big.status, errorCode(big)]).toEqual([413, "body_too_large"]);
        expect(big.headers.connection).toBe("close");
      }
      for (const bytes of [
        [0x7b, 0xff, 0xfe, 0x7d],
        [0x22, 0xed, 0xa0, 0x80, 0x22],
      ]) {
        const bad = await send({
          method: "POST",
          path,
          headers: { "content-type": "application/json" },
          body: Buffer.from(bytes),
        });
        expect([bad.status, errorCode(bad)]).toEqual([400, "invalid_json"]);
        expect(bad.body.toString()).toContain("not valid UTF-8");
      }
      const dup = await send({
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body: Buffer.from('{"nodeId":"a","nodeId":"b","name":"x","nodes":[]}'),
      });
      expect([dup.status, errorCode(dup)]).toEqual([400, "invalid_json"]);
      const deep = await send({
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body: Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
      });
      expect(deep.status, deep.body.toString().slice(0, 300)).toBeLessThan(500);
      expectSane({ method: "POST", path }, deep);
    }
    await expectHealthy();
  });

  it("refuses a graph whose data is nested too deeply, over HTTP as in validation", async () => {
    for (const depth of [1_000, 5_000, 50_000]) {
      const body = Buffer.from(
        `{"name":"deep","nodes":[{"id":"a","type":"noop"}],"input":{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}}`,
      );
      for (const path of ["/api/v1/graphs", "/api/v1/dag/validate"]) {
        const res = await send({
          method: "POST",
          path,
          headers: { "content-type": "application/json" },
          body,
        });
        expectSane({ method: "POST", path }, res);
        const answer = JSON.parse(res.body.toString()) as Record<string, { code: string }[]> & {
          error?: { code: string; details: { code: string }[] };
        };
        const issues = path === "/api/v1/graphs" ? answer.error?.details : answer.errors;
        expect(issues?.map((i) => i.code)).toEqual(["too_large"]);
      }
    }
  });

  it("refuses text that is not well-formed Unicode, naming each place", async () => {
    // An unpaired surrogate survives JSON (as an escape) but not UTF-8 nor Redis' JSON decoder, which reads every
    // node's spec when a node is retried: taken in, it made a later retry fail halfway.
    const spec = {
      name: "surrogate",
      nodes: [
        { id: "a", type: "failing", retryable: false, note: "\ud800" },
        { id: "b", type: "llm", prompt: "\udfff x", dependsOn: ["a"] },
      ],
    };
    for (const path of ["/api/v1/graphs", "/api/v1/tenants/t1/workflows"]) {
      const res = await send({
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body: json(spec),
      });
      expect(res.status, res.body.toString()).toBe(400);
      const { error } = JSON.parse(res.body.toString()) as {
        error: { code: string; details: { path: string }[] };
      };
      expect(error.code).toBe("validation_failed");
      expect(error.details.map((d) => d.path)).toEqual(["/nodes/0/note", "/nodes/1/prompt"]);
    }
  });
});

describe("after everything", () => {
  it("every graph in Redis is whole: state and events agree and the fold equals the projection", async () => {
    await expectHealthy();
    // No worker runs any more, so nothing changes the graphs while they are read.
    const checked = (await expectGraphsWhole(h.redis, h.keyPrefix)).size;
    expect(checked).toBeGreaterThan(graphIds.length);
  });
});
