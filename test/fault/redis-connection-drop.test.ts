// The API's connection to Redis drops after Redis ran a submission but before the reply arrived, and comes back at
// once. The API must not send the submission again on its own: the resent command would record a second graph
// for one request. The client gets either the graph or a retryable 503 that says the request may be applied.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DropProxy, startDropProxy } from "../helpers/drop-proxy.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { type ServedDago, startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

const prefix = uniquePrefix();
let proxy: DropProxy;
let redis: Redis;
let dago: ServedDago;

beforeAll(async () => {
  proxy = await startDropProxy(testRedisPort());
  redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
  dago = await startServed(["--no-workers"], {
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    DAGO_KEY_PREFIX: prefix,
    DAGO_PARTITIONS: "4",
  });
});
afterAll(async () => {
  if (dago && dago.proc.child.exitCode === null) dago.proc.child.kill("SIGKILL");
  redis?.disconnect();
  await proxy?.close();
});

it("never records a submission twice when the connection drops before its reply", async () => {
  const name = "submitted-as-the-connection-dropped";
  proxy.dropAfter(name);
  const res = await fetch(`${dago.url}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, nodes: [{ id: "only", type: "noop" }] }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { id?: string; error?: { code: string; message: string } };
  expect(proxy.dropped()).toBe(1);

  const stored = await expectGraphsWhole(redis, prefix);
  const recorded = [...stored.values()].filter((g) => g.state.name === name);
  expect(recorded).toHaveLength(1);
  if (res.ok) {
    expect(body.id).toBe(recorded[0]?.id);
  } else {
    expect(res.status).toBe(503);
    expect(body.error).toMatchObject({
      code: "redis_unavailable",
      message: expect.stringMatching(/may still be applied/),
    });
  }

  // The API goes on over the new connection.
  const next = await fetch(`${dago.url}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "after-the-drop", nodes: [{ id: "only", type: "noop" }] }),
  });
  expect(next.status).toBe(201);
});
