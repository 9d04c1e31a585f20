// Who acted, and the events filter. With API keys, every control event (submission, pause, resume, cancel, a
// retry's NodeReset and GraphResumed, a client's patch) records `by: "<key name>@<tenant>"` whether it came over
// HTTP or gRPC; without keys it records `local`; the key itself is in no event anywhere. The events API filters by
// type, and a filtered page that looked at many non-matching events (even one that found none) still moves its
// cursor, so paging through a long history ends.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cmd/cli/run.js";
import { ApiKeyStore, parseApiKeys, RequestGate } from "../../internal/auth/index.js";
import type { EventType, GraphEvent } from "../../internal/domain/events.js";
import { DagoClient } from "../../pkg/client/http-client.js";
import { DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor, flakyExecutor, sleepExecutor } from "../helpers/test-executors.js";

const ALICE_KEY = "acme-alice-secret-key-0001";
// A filtered page looks at maxEventsPage * 10 entries at most: 50 here, so a long history needs several pages.
const MAX_EVENTS_PAGE = 5;

let h: Harness;
let keyed: ApiServers;
let open: ApiServers;
let alice: DagoClient;
let aliceGrpc: DagoGrpcClient;
let anyone: DagoClient;

beforeAll(async () => {
  h = await createHarness({ limits: { maxEventsPage: MAX_EVENTS_PAGE } });
  await h.startWorker({ executors: [flakyExecutor(), sleepExecutor(), failingExecutor()] });
  const { entries } = parseApiKeys(`acme:write:alice=${ALICE_KEY}`);
  keyed = await startApiServers(h, { gate: new RequestGate(new ApiKeyStore(entries)) });
  open = await startApiServers(h);
  alice = new DagoClient({ baseUrl: keyed.httpUrl, apiKey: ALICE_KEY });
  aliceGrpc = new DagoGrpcClient({ address: keyed.grpcAddress, apiKey: ALICE_KEY });
  anyone = new DagoClient({ baseUrl: open.httpUrl });
});

afterAll(async () => {
  aliceGrpc?.close();
  await keyed?.close();
  await open?.close();
  await h?.close();
});

const SLEEPER = { name: "sleeper", nodes: [{ id: "s", type: "sleep" }] };
const FLAKY = {
  name: "flaky",
  nodes: [
    { id: "f", type: "flaky", failures: 1, retry: { maxAttempts: 1 } },
    { id: "z", type: "noop", dependsOn: ["f"] },
  ],
};

const of = (events: GraphEvent[], type: EventType) => events.filter((e) => e.type === type);

/** Every page of a graph's events over `read`, with the number of pages it took. */
async function allPages(
  read: (after: string | undefined) => Promise<{ events: GraphEvent[]; nextAfter?: string }>,
): Promise<{ events: GraphEvent[]; pages: Array<{ count: number; nextAfter?: string }> }> {
  const events: GraphEvent[] = [];
  const pages: Array<{ count: number; nextAfter?: string }> = [];
  let after: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await read(after);
    events.push(...page.events);
    pages.push({ count: page.events.length, ...(page.nextAfter ? { nextAfter: page.nextAfter } : {}) });
    if (page.nextAfter === undefined) return { events, pages };
    expect(page.nextAfter).not.toBe(after);
    after = page.nextAfter;
  }
  throw new Error("paging did not end");
}

describe("by on control events", () => {
  it("records the key's name and tenant for pause, resume, patch and cancel over HTTP", async () => {
    const { id } = await alice.submit(SLEEPER);
    await h.waitFor(id, (s) => s.nodes.s?.status === "running");
    await alice.pause(id);
    await alice.resume(id);
    await alice.patchGraph(id, { addNodes: [{ id: "later", type: "noop", dependsOn: ["s"] }] });
    await alice.cancel(id);
    const events = await h.events(id);
    expect(of(events, "GraphSubmitted")[0]?.data.by).toBe("alice@acme");
    expect(of(events, "GraphPaused")[0]?.data).toEqual({ by: "alice@acme" });
    expect(of(events, "GraphResumed")[0]?.data).toEqual({ reason: "resume", by: "alice@acme" });
    expect(of(events, "GraphPatched")[0]?.data).toMatchObject({ source: "api", by: "alice@acme" });
    expect(of(events, "GraphCancelled")[0]?.data).toEqual({ by: "alice@acme" });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("records who retried a node on the NodeReset and GraphResumed events, over gRPC too", async () => {
    const id = (await aliceGrpc.submit(FLAKY)).graph.id;
    expect((await h.waitForEnd(id)).status).toBe("failed");
    await aliceGrpc.retryNode(id, "f");
    expect((await h.waitForEnd(id)).status).toBe("succeeded");
    const events = await h.events(id);
    expect(of(events, "GraphSubmitted")[0]?.data.by).toBe("alice@acme");
    const resets = of(events, "NodeReset");
    expect(resets.map((e) => [e.nodeId, e.data])).toEqual([
      ["f", { reason: "retry", by: "alice@acme" }],
      ["z", { reason: "upstream_retry", by: "alice@acme" }],
    ]);
    expect(of(events, "GraphResumed")[0]?.data).toEqual({
      reason: "node_retry",
      nodeId: "f",
      by: "alice@acme",
    });
    const { folded, stored } = await h.expectFoldMatches(id);
    expect(folded).toEqual(stored);
  });

  it("records gRPC pause, resume, patch and cancel like HTTP ones", async () => {
    const id = (await aliceGrpc.submit(SLEEPER)).graph.id;
    await aliceGrpc.pause(id);
    await aliceGrpc.resume(id);
    await aliceGrpc.patchGraph(id, { addNodes: [{ id: "later", type: "noop", dependsOn: ["s"] }] });
    await aliceGrpc.cancel(id);
    const events = await h.events(id);
    for (const type of ["GraphPaused", "GraphResumed", "GraphPatched", "GraphCancelled"] as const) {
      expect(of(events, type)[0]?.data.by, type).toBe("alice@acme");
    }
  });

  it("records local without API keys", async () => {
    const { id } = await anyone.submit(SLEEPER);
    await anyone.pause(id);
    await anyone.resume(id);
    await anyone.patchGraph(id, { addNodes: [{ id: "later", type: "noop", dependsOn: ["s"] }] });
    await anyone.cancel(id);
    const events = await h.events(id);
    for (const type of [
      "GraphSubmitted",
      "GraphPaused",
      "GraphResumed",
      "GraphPatched",
      "GraphCancelled",
    ] as const) {
      expect(of(events, type)[0]?.data.by, type).toBe("local");
    }
  });

  it("never writes the raw key into any stream", async () => {
    const keys = await h.redis.keys(`${h.keyPrefix}*`);
    let scanned = 0;
    for (const key of keys) {
      if ((await h.redis.type(key)) !== "stream") continue;
      const entries = await h.redis.xrange(key, "-", "+");
      scanned += entries.length;
      expect(JSON.stringify(entries)).not.toContain(ALICE_KEY);
    }
    expect(scanned).toBeGreaterThan(0);
  });
});

describe("events filtered by type", () => {
  let longId = "";
  let everything: GraphEvent[] = [];

  beforeAll(async () => {
    // Forty noop nodes: well over a hundred events, nearly all of them of the node types.
    const nodes = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, type: "noop" }));
    longId = await h.submit({ name: "long-history", nodes });
    await h.waitForEnd(longId);
    everything = await h.events(longId);
    expect(everything.length).toBeGreaterThan(MAX_EVENTS_PAGE * 10 * 2);
  });

  it("pages over HTTP through many filtered-out events, a page with none still moving the cursor", async () => {
    const types: EventType[] = ["GraphCompleted"];
    const { events, pages } = await allPages((after) =>
      anyone.events(longId, { limit: MAX_EVENTS_PAGE, types, ...(after ? { after } : {}) }),
    );
    expect(events.map((e) => e.id)).toEqual(of(everything, "GraphCompleted").map((e) => e.id));
    expect(pages[0]).toMatchObject({ count: 0 });
    expect(pages[0]?.nextAfter).toBeDefined();
    expect(pages.length).toBeGreaterThan(2);
  });

  it("fills pages with matching events of several types", async () => {
    const types: EventType[] = ["GraphStarted", "NodeCompleted"];
    const { events, pages } = await allPages((after) =>
      anyone.events(longId, { limit: MAX_EVENTS_PAGE, types, ...(after ? { after } : {}) }),
    );
    const expected = everything.filter((e) => types.includes(e.type));
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(pages[0]?.count).toBe(MAX_EVENTS_PAGE);
  });

  it("pages over gRPC the same way", async () => {
    const grpc = new DagoGrpcClient({ address: open.grpcAddress });
    try {
      const types: EventType[] = ["GraphSubmitted", "GraphCompleted"];
      const { events, pages } = await allPages((after) =>
        grpc.events(longId, { limit: MAX_EVENTS_PAGE, types, ...(after ? { after } : {}) }),
      );
      expect(events.map((e) => e.type)).toEqual(["GraphSubmitted", "GraphCompleted"]);
      expect(pages.some((page) => page.count === 0 && page.nextAfter !== undefined)).toBe(true);
    } finally {
      grpc.close();
    }
  });

  it("refuses an unknown type with 400 and the list of known types", async () => {
    const res = await fetch(
      `${open.httpUrl}/api/v1/graphs/${longId}/events?limit=5&types=GraphPaused,NodeTeleported`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: Array<Record<string, unknown>> };
    };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain("NodeTeleported");
    expect(body.error.details[0]).toMatchObject({ code: "unknown_event_type", path: "types" });
    expect(body.error.details[0]?.knownTypes).toContain("GraphPaused");
    const grpc = new DagoGrpcClient({ address: open.grpcAddress });
    try {
      const refused = await grpc.events(longId, { limit: 5, types: ["Nope" as EventType] }).catch((e) => e);
      expect(refused).toBeInstanceOf(DagoGrpcError);
      expect((refused as DagoGrpcError).code).toBe("invalid_request");
    } finally {
      grpc.close();
    }
  });
});

describe("dago events --types", () => {
  // Its own harness with the default page limits, which the CLI's pages (the server's default size) need.
  let cli: Harness;
  let servers: ApiServers;

  beforeAll(async () => {
    cli = await createHarness();
    servers = await startApiServers(cli);
  });

  afterAll(async () => {
    await servers?.close();
    await cli?.close();
  });

  async function dago(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await run([...args, "--url", servers.httpUrl], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: Readable.from([""]),
      env: {},
    });
    return { code, stdout, stderr };
  }

  it("prints only the events of the types named, and refuses an unknown one", async () => {
    // No worker: the graph stays running, so it can be paused and resumed.
    const id = await cli.submit({ name: "cli-types", nodes: [{ id: "a", type: "noop" }] });
    await cli.service.pause("default", id);
    await cli.service.resume("default", id);
    const printed = await dago(["events", id, "--types", "GraphPaused,GraphResumed", "--json"]);
    expect(printed).toMatchObject({ code: 0, stderr: "" });
    const lines = printed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as GraphEvent);
    expect(lines.map((e) => [e.type, e.data.by])).toEqual([
      ["GraphPaused", "local"],
      ["GraphResumed", "local"],
    ]);
    const refused = await dago(["events", id, "--types", "GraphPaused,Nope"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Nope");
  });
});
