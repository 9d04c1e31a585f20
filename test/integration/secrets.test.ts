// Secrets stay secret: a full run of `dago serve` against a Redis that demands a password over TLS (rediss://
// with a private CA), with API keys and an Anthropic key, at debug log level, through successes and failures.
// Neither the Redis password, nor any API key, nor the LLM key may appear in its logs, in an answer or in an
// event.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findFreePort } from "../../internal/redis/index.js";
import { spawnDago } from "../helpers/dago-process.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { type ServedDago, startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const REDIS_PASSWORD = "redis-pass-7f3a9c1e5b";
const API_KEY = "acme-key-d41d8cd98f00b204";
const WRONG_KEY = "acme-key-d41d8cd98f00b205";
const LLM_KEY = "sk-ant-test-9e107d9d372bb6826bd81d3542a419d6";
const SECRETS = [REDIS_PASSWORD, API_KEY, WRONG_KEY, LLM_KEY];

let dir = "";
let redis: TestRedisServer;
let tlsPort = 0;
let fake: FakeAnthropicServer;
let served: ServedDago | undefined;

/** A CA and a server certificate for 127.0.0.1 signed by it, made with openssl. */
function makeCertificates(into: string): void {
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: into, stdio: "pipe" });
  run(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=dago test CA",
  );
  writeFileSync(join(into, "san.cnf"), "subjectAltName=IP:127.0.0.1\n");
  run(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "redis.key",
    "-out",
    "redis.csr",
    "-subj",
    "/CN=127.0.0.1",
  );
  run(
    "x509",
    "-req",
    "-in",
    "redis.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "redis.pem",
    "-days",
    "2",
    "-extfile",
    "san.cnf",
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dago-tls-"));
  makeCertificates(dir);
  tlsPort = await findFreePort();
  redis = await startRedisServer({
    args: [
      "--tls-port",
      String(tlsPort),
      "--tls-cert-file",
      join(dir, "redis.pem"),
      "--tls-key-file",
      join(dir, "redis.key"),
      "--tls-ca-cert-file",
      join(dir, "ca.pem"),
      "--tls-auth-clients",
      "no",
      "--requirepass",
      REDIS_PASSWORD,
    ],
  });
  fake = await new FakeAnthropicServer().start();
});

afterAll(async () => {
  served?.proc.child.kill("SIGKILL");
  await fake?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  REDIS_URL: `rediss://127.0.0.1:${tlsPort}`,
  REDIS_PASS: REDIS_PASSWORD,
  REDIS_TLS_CA_FILE: join(dir, "ca.pem"),
  DAGO_KEY_PREFIX: uniquePrefix(),
  DAGO_API_KEYS: `acme=${API_KEY}`,
  LLM_API_KEY: LLM_KEY,
  LLM_BASE_URL: fake.url,
  LOG_LEVEL: "debug",
});

it("runs over rediss:// with a password and never shows a secret in logs, answers or events", async () => {
  // The first call is refused by the provider, the second answers; a wrong API key is tried on the way.
  fake.enqueue({ kind: "error", status: 401, type: "authentication_error", message: "invalid x-api-key" });
  // The provider answers only requests that carry the key, so the graph that succeeds proves the key was used.
  fake.requiredKey = LLM_KEY;
  served = await startServed([], env());
  const seen: string[] = [];
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${served?.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    seen.push(text);
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  };

  expect((await call("GET", "/api/v1/graphs", WRONG_KEY)).status).toBe(401);
  const spec = {
    name: "secrets",
    nodes: [{ id: "ask", type: "llm", prompt: "hello", retry: { maxAttempts: 1 } }],
  };
  const failed = await call("POST", "/api/v1/graphs", API_KEY, spec);
  const passed = await call("POST", "/api/v1/graphs", API_KEY, spec);
  expect(failed.status).toBe(201);
  expect(passed.status).toBe(201);
  const ended = async (id: unknown) =>
    waitUntil(`graph ${id} to end`, async () => {
      const state = await call("GET", `/api/v1/graphs/${id}`, API_KEY);
      return ["succeeded", "failed"].includes(state.json.status as string) ? state.json.status : undefined;
    });
  expect([await ended(failed.json.id), await ended(passed.json.id)].sort()).toEqual(["failed", "succeeded"]);
  for (const id of [failed.json.id, passed.json.id])
    await call("GET", `/api/v1/graphs/${id}/events`, API_KEY);
  expect(fake.requests.length).toBeGreaterThanOrEqual(2);

  served.proc.child.kill("SIGTERM");
  expect(await served.proc.exited).toBe(0);
  const everything = [served.proc.output(), ...seen].join("\n");
  expect(everything).toContain("connected to Redis");
  for (const secret of SECRETS) expect(everything.includes(secret), `a secret leaked: ${secret}`).toBe(false);
});

it("refuses a wrong Redis password at start with a clear message that does not repeat it", async () => {
  const wrong = "wrong-redis-pass-0c2b4e";
  const proc = spawnDago(["serve"], { ...env(), REDIS_PASS: wrong, DAGO_HTTP_PORT: "0" });
  const code = await proc.exited;
  expect(code).not.toBe(0);
  expect(proc.output()).toMatch(/WRONGPASS|invalid username-password|NOAUTH/i);
  expect(proc.output()).not.toContain(wrong);
  expect(proc.output()).not.toContain(REDIS_PASSWORD);
});
