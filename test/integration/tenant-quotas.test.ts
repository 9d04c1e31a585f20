// Per-tenant limits shared by two real dago API processes through Redis: a request rate (token bucket) and a cap
// on graphs that have not ended. Refusals are 429 / RESOURCE_EXHAUSTED with a retry delay, and never touch
// another tenant.
import { describe, expect, it } from "vitest";
import { DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { type Api, useApis } from "./ws-test-client.js";

const RATE = 4;
const rated = useApis(
  { env: { DAGO_TENANT_RATE_LIMIT: String(RATE), DAGO_TENANT_RATE_BURST: String(RATE) } },
  { env: { DAGO_TENANT_RATE_LIMIT: String(RATE), DAGO_TENANT_RATE_BURST: String(RATE) } },
);
// No workers: submitted graphs stay active until cancelled.
const capped = useApis(
  { workers: false, env: { DAGO_TENANT_MAX_ACTIVE_GRAPHS: "3" } },
  { workers: false, env: { DAGO_TENANT_MAX_ACTIVE_GRAPHS: "3" } },
);

const SPEC = { name: "q", nodes: [{ id: "a", type: "noop" }] };

function submit(api: Api, tenant: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.http}/api/v1/tenants/${tenant}/workflows`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(SPEC),
  });
}

describe("request rate per tenant", () => {
  it("is shared by every process and refuses the excess with 429 and Retry-After", async () => {
    const [a, b] = rated.apis;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => fetch(`${(i % 2 ? a : b).http}/api/v1/tenants/busy/workflows`)),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const ok = answers.filter((r) => r.status === 200).length;
    const limited = answers.filter((r) => r.status === 429);
    // The burst, plus what refilled while the requests were in flight: whichever process answered.
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(RATE + Math.ceil(elapsedSeconds * RATE));
    expect(ok + limited.length).toBe(24);
    const refusal = limited[0] as Response;
    expect(Number(refusal.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refusal.json()) as { error: { code: string } }).error.code).toBe("rate_limited");

    // Another tenant is not slowed down by the busy one.
    expect((await fetch(`${a.http}/api/v1/tenants/quiet/workflows`)).status).toBe(200);
  });

  it("answers RESOURCE_EXHAUSTED with a retry-after trailer on gRPC", async () => {
    const [a] = rated.apis;
    const client = new DagoGrpcClient({ address: `127.0.0.1:${a.dago.grpcPort}`, tenantId: "grpc-busy" });
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 16 }, () => client.list()));
      const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toBeInstanceOf(DagoGrpcError);
      expect(refused[0]).toMatchObject({ grpcCode: 8, code: "rate_limited" });
    } finally {
      client.close();
    }
  });
});

describe("active graphs per tenant", () => {
  it("admits exactly the cap across processes, even when submissions race", async () => {
    const [a, b] = capped.apis;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i % 2 ? a : b, "racer")));
    const created = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status === 429);
    expect(created).toHaveLength(3);
    expect(refused).toHaveLength(7);
    const body = (await refused[0]?.json()) as { error: { code: string } };
    expect(body.error.code).toBe("too_many_active_graphs");
    expect(Number(refused[0]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const list = await fetch(`${a.http}/api/v1/tenants/racer/workflows`);
    expect(((await list.json()) as { graphs: unknown[] }).graphs).toHaveLength(3);
    // Other tenants have their own cap.
    expect((await submit(b, "other")).status).toBe(201);
  });

  it("gives a slot back once a graph ends, and never refuses an idempotent repeat", async () => {
    const [a, b] = capped.apis;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await submit(a, "cycler", { "idempotency-key": `k${i}` });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect((await submit(b, "cycler")).status).toBe(429);
    // A client that lost the answer and retries gets its graph, even at the cap.
    const repeat = await submit(b, "cycler", { "idempotency-key": "k0" });
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { id: string }).id).toBe(ids[0]);

    const cancelled = await fetch(`${a.http}/api/v1/tenants/cycler/workflows/${ids[0]}/cancel`, {
      method: "POST",
    });
    expect(cancelled.status).toBe(200);
    expect((await submit(b, "cycler")).status).toBe(201);
    expect((await submit(a, "cycler")).status).toBe(429);
  });
});
