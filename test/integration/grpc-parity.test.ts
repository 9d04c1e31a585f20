// One scenario list, run over HTTP (DagoClient) and over gRPC (DagoGrpcClient) against the same server parts:
// after ids, times and tenants are normalised, both transports must give the same answers and the same errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyStore, parseApiKeys, RequestGate } from "../../internal/auth/index.js";
import { ERROR_CATALOG, type ErrorCode } from "../../internal/contract/error-catalog.js";
import type { GraphView } from "../../internal/contract/graph-views.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import { DagoGrpcClient, DagoGrpcError } from "../../pkg/grpc-client.js";
import { DagoApiError, DagoClient } from "../../pkg/index.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { flakyExecutor } from "../helpers/test-executors.js";

/** What both clients offer, plus a watch that collects until the graph ends. */
type Api = Pick<
  DagoClient,
  | "submit"
  | "validate"
  | "get"
  | "list"
  | "events"
  | "pause"
  | "resume"
  | "cancel"
  | "retryNode"
  | "assignNode"
  | "patchGraph"
  | "metrics"
  | "workers"
  | "waitForEnd"
  | "approve"
  | "reject"
  | "approvals"
> & {
  watchAll(
    id: string,
    after?: string,
    onEvent?: (event: GraphEvent, seen: number) => void,
  ): Promise<GraphEvent[]>;
};

const METHODS = [
  "submit",
  "validate",
  "get",
  "list",
  "events",
  "pause",
  "resume",
  "cancel",
  "retryNode",
  "assignNode",
  "patchGraph",
  "metrics",
  "workers",
  "waitForEnd",
  "approve",
  "reject",
  "approvals",
] as const;

/** The client's methods (both clients have them with the same signatures) and its way of watching. */
function bind(client: DagoClient, watchAll: Api["watchAll"]): Api {
  const api = { watchAll } as Api;
  for (const method of METHODS) Object.assign(api, { [method]: client[method].bind(client) });
  return api;
}

let h: Harness;
let servers: ApiServers;
let http: Api;
let grpc: Api;
let grpcClient: DagoGrpcClient;
/** Servers with API keys: a writer and a reader of tenant acme, a writer of tenant globex. */
let keyed: ApiServers;
const KEYS = { alice: "acme-write-key-0001", reader: "acme-read-key-00001", globex: "globex-write-key-001" };

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker({ executors: [flakyExecutor()] });
  servers = await startApiServers(h);
  const httpClient = new DagoClient({ baseUrl: servers.httpUrl, tenantId: "parity-http" });
  http = bind(httpClient, async (id, after, onEvent) => {
    const seen: GraphEvent[] = [];
    for await (const event of httpClient.followEvents(id, { ...(after ? { after } : {}), pollMs: 50 })) {
      seen.push(event);
      onEvent?.(event, seen.length);
    }
    return seen;
  });
  grpcClient = new DagoGrpcClient({ address: servers.grpcAddress, tenantId: "parity-grpc" });
  grpc = bind(grpcClient as unknown as DagoClient, async (id, after, onEvent) => {
    const seen: GraphEvent[] = [];
    for await (const event of grpcClient.watch(id, after ? { after } : {})) {
      seen.push(event);
      onEvent?.(event, seen.length);
    }
    return seen;
  });
  const { entries } = parseApiKeys(
    `acme:write:alice=${KEYS.alice},acme:read:viewer=${KEYS.reader},globex=${KEYS.globex}`,
  );
  keyed = await startApiServers(h, { gate: new RequestGate(new ApiKeyStore(entries)) });
});

/** Clients of the keyed servers, one per key, over one transport. */
type KeyedApis = Record<keyof typeof KEYS, Api>;
const openClients: Array<{ close(): void }> = [];
afterAll(() => {
  for (const client of openClients) client.close();
});
function keyedApis(transport: "http" | "grpc"): KeyedApis {
  const apis = {} as KeyedApis;
  for (const [who, apiKey] of Object.entries(KEYS) as Array<[keyof typeof KEYS, string]>) {
    if (transport === "http") {
      apis[who] = bind(new DagoClient({ baseUrl: keyed.httpUrl, apiKey }), async () => []);
    } else {
      const client = new DagoGrpcClient({ address: keyed.grpcAddress, apiKey });
      openClients.push(client);
      apis[who] = bind(client as unknown as DagoClient, async () => []);
    }
  }
  return apis;
}

afterAll(async () => {
  grpcClient?.close();
  await keyed?.close();
  await servers?.close();
  await h?.close();
});

const GRAPH_ID = /[0-9a-hjkmnp-tv-z]{26}-\d{1,4}/g;
const EVENT_ID = /\b\d{13}-\d+\b/g;
const TIMES = new Set([
  "createdAt",
  "startedAt",
  "endedAt",
  "readyAt",
  "retryAt",
  "scheduleDeadline",
  "at",
  "waitingSince",
  "deadline",
  "lastHeartbeat",
  "durationMs",
  "delayMs",
  "total",
  "max",
  "p50",
]);

/** Replaces what legitimately differs between two runs (ids, times, tenant, cursor) by stable placeholders. */
function normalizer() {
  const names = new Map<string, string>();
  const name = (kind: string, raw: string) => {
    let placeholder = names.get(raw);
    if (!placeholder) {
      placeholder = `<${kind}${[...names.values()].filter((v) => v.startsWith(`<${kind}`)).length + 1}>`;
      names.set(raw, placeholder);
    }
    return placeholder;
  };
  const walk = (value: unknown, key = ""): unknown => {
    if (typeof value === "number" && TIMES.has(key)) return "<ms>";
    // A worker's counters move with every node it runs, between the two runs and within one.
    if (typeof value === "number" && (key === "nodesRun" || key === "busy")) return "<count>";
    if (typeof value === "string") {
      if (key === "tenantId") return "<tenant>";
      if (key === "nextCursor") return "<cursor>";
      return value.replace(GRAPH_ID, (id) => name("graph", id)).replace(EVENT_ID, (id) => name("event", id));
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk;
}

/** An answer or the error a user sees, checked against the catalog's status for its transport. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (err) {
    if (err instanceof DagoApiError) {
      expect(err.status, err.code).toBe(ERROR_CATALOG[err.code as ErrorCode].http);
    } else if (err instanceof DagoGrpcError) {
      expect(err.grpcCode, err.code).toBe(ERROR_CATALOG[err.code as ErrorCode].grpc);
    } else throw err;
    return { error: { code: err.code, message: err.message, details: err.details } };
  }
}

/** The `currentVersion` of the version_conflict a call is refused with, as each client's error offers it. */
async function currentVersionOf(run: () => Promise<unknown>): Promise<number | undefined> {
  const err = await run().then(
    () => expect.unreachable("the call was refused"),
    (e: unknown) => e,
  );
  if (!(err instanceof DagoApiError) && !(err instanceof DagoGrpcError)) throw err;
  expect(err.code).toBe("version_conflict");
  return err.currentVersion;
}

type Scenario = (api: Api) => Promise<Record<string, unknown>>;

const held = (name: string) => ({
  name,
  input: { topic: "parity", n: 0 },
  nodes: [
    { id: "a", type: "noop", requires: ["held"] },
    { id: "b", type: "llm", dependsOn: ["a"], prompt: "use {{nodes.a.output}}", temperature: 0 },
  ],
});

const INVALID = {
  name: "broken",
  nodes: [
    { id: "a", type: "noop", dependsOn: ["c"] },
    { id: "b", type: "noop", dependsOn: ["a", "ghost"], timeoutMs: -5 },
    { id: "c", type: "noop", dependsOn: ["b"] },
    { id: "d", type: "llm", prompt: "{{nodes.e.output}}", promt: "typo" },
    { id: "e", type: "noop", dependsOn: ["d"], priority: 5000 },
  ],
};

const FLAKY = {
  name: "flaky-chain",
  nodes: [
    { id: "first", type: "noop" },
    { id: "flaky", type: "flaky", dependsOn: ["first"], failures: 1, retry: { maxAttempts: 1 } },
    { id: "last", type: "noop", dependsOn: ["flaky"] },
  ],
};

const ITEMS = [{ title: "intro" }, { title: "body" }, { title: "end" }];

/** A map over the input's list and a loop bounded by maxIterations: every field of theirs travels in params. */
const GROWING = {
  name: "growing",
  input: { items: ITEMS, notList: "a string" },
  nodes: [
    {
      id: "sections",
      type: "map",
      over: "input.items",
      maxItems: 10,
      concurrency: 1,
      node: { type: "llm", prompt: "Write {{item.title}} as section {{index}}", temperature: 0 },
    },
    {
      id: "refine",
      type: "loop",
      dependsOn: ["sections"],
      maxIterations: 3,
      until: "len(last.output) > 100000",
      node: { type: "llm", prompt: "Draft {{index}}, improving: {{last.output}}" },
    },
    { id: "final", type: "llm", dependsOn: ["refine"], prompt: "Join {{nodes.sections.output[2]}}" },
  ],
};

const NOT_A_LIST = {
  name: "not-a-list",
  input: { notList: "a string" },
  nodes: [{ id: "each", type: "map", over: "input.notList", node: { type: "noop" } }],
};

/** A graph whose `review` node waits for a decision. */
const reviewed = (name: string, review: Record<string, unknown> = {}) => ({
  name,
  input: { title: "Q3" },
  nodes: [
    { id: "draft", type: "noop" },
    { id: "review", type: "approval", dependsOn: ["draft"], prompt: "Publish {{input.title}}?", ...review },
  ],
});

const untilWaiting = (id: string) => h.waitFor(id, (s) => s.nodes.review?.status === "waiting");

const SCENARIOS: Record<string, Scenario> = {
  "a map and a loop run to the same state and history": async (api) => {
    const { id } = await api.submit(GROWING);
    const done = await api.waitForEnd(id, { timeoutMs: 20_000 });
    const failing = await api.submit(NOT_A_LIST);
    return {
      done,
      history: (await api.events(id, { limit: 1000 })).events,
      notAList: await api.waitForEnd(failing.id, { timeoutMs: 20_000 }),
      tooMany: await outcome(() =>
        api.validate({ ...NOT_A_LIST, nodes: [{ ...NOT_A_LIST.nodes[0], maxItems: 10_000_000 }] }),
      ),
      unbounded: await outcome(() =>
        api.validate({ name: "unbounded", nodes: [{ id: "l", type: "loop", node: { type: "noop" } }] }),
      ),
    };
  },

  "submit, get and idempotent submission": async (api) => {
    const submitted = (await api.submit(held("first"))) as { id: string };
    return {
      submitted,
      got: await outcome(() => api.get(submitted.id)),
      keyed: await outcome(() => api.submit(held("keyed"), { idempotencyKey: "nightly-1" })),
      again: await outcome(() => api.submit(held("keyed"), { idempotencyKey: "nightly-1" })),
      conflict: await outcome(() => api.submit(held("other"), { idempotencyKey: "nightly-1" })),
      badKey: await outcome(() => api.submit(held("x"), { idempotencyKey: "has space" })),
    };
  },
  "validation errors": async (api) => ({
    submit: await outcome(() => api.submit(INVALID)),
    validateInvalid: await outcome(() => api.validate(INVALID)),
    validateValid: await outcome(() => api.validate(FLAKY)),
  }),
  "not found and malformed requests": async (api) => {
    const { id } = await api.submit(held("probe"));
    return {
      unknownId: await outcome(() => api.get("not-a-graph")),
      missing: await outcome(() => api.get("01jd0000000000000000000000-1")),
      badAfter: await outcome(() => api.events(id, { after: "yesterday" })),
      bigLimit: await outcome(() => api.list({ limit: 100_000 })),
      retryMissing: await outcome(() => api.retryNode("01jd0000000000000000000000-1", "a")),
      retryUnknownNode: await outcome(() => api.retryNode(id, "ghost")),
    };
  },
  "list in pages": async (api) => {
    for (const name of ["g1", "g2", "g3"]) {
      await api.submit(held(name));
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct creation times order the list
    }
    const first = await api.list({ limit: 2 });
    return {
      first,
      second: await outcome(() =>
        api.list({ limit: 2, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) }),
      ),
      paused: await outcome(() => api.list({ status: "paused" })),
    };
  },
  "pause, resume, cancel": async (api) => {
    const { id } = await api.submit(held("controlled"));
    return {
      pause: await outcome(() => api.pause(id)),
      pauseAgain: await outcome(() => api.pause(id)),
      resume: await outcome(() => api.resume(id)),
      resumeAgain: await outcome(() => api.resume(id)),
      cancel: await outcome(() => api.cancel(id)),
      cancelAgain: await outcome(() => api.cancel(id)),
      pauseEnded: await outcome(() => api.pause(id)),
      metrics: await outcome(() => api.metrics(id)),
      events: await outcome(() => api.events(id, { limit: 4 })),
    };
  },
  "retry a failed node; events and watch with resume": async (api) => {
    const { id } = await api.submit(FLAKY);
    const failed = await api.waitForEnd(id, { timeoutMs: 20_000 });
    const notFailed = await outcome(() => api.retryNode(id, "first"));
    const retried = await api.retryNode(id, "flaky");
    const done = await api.waitForEnd(id, { timeoutMs: 20_000 });
    const history = (await api.events(id, { limit: 1000 })).events;
    const page = await api.events(id, { limit: 3 });
    const cut = history[4]?.id as string;
    return {
      failed,
      notFailed,
      retriedStatus: retried.status,
      done,
      history,
      page,
      nextPage: await outcome(() =>
        api.events(id, { limit: 3, ...(page.nextAfter ? { after: page.nextAfter } : {}) }),
      ),
      watchedAll: await api.watchAll(id),
      watchedAfter: await api.watchAll(id, cut),
      workers: await api.workers(),
    };
  },
  "patches: applied, stale, invalid, on a missing or ended graph": async (api) => {
    const { id, graph } = await api.submit(held("patched"));
    const grow = {
      addNodes: [{ id: "extra", type: "llm", dependsOn: ["a"], prompt: "more on {{input.topic}}" }],
      addDependencies: [{ node: "b", dependsOn: ["extra"] }],
    };
    const applied = await outcome(() => api.patchGraph(id, grow, { ifVersion: graph.version }));
    const stale = await outcome(() =>
      api.patchGraph(id, { addNodes: [{ id: "late", type: "noop" }] }, { ifVersion: graph.version }),
    );
    return {
      applied,
      stale,
      staleCurrentVersion: await currentVersionOf(() =>
        api.patchGraph(id, { removeNodes: ["extra"] }, { ifVersion: graph.version }),
      ),
      cycle: await outcome(() =>
        api.patchGraph(id, {
          addNodes: [{ id: "c", type: "noop", dependsOn: ["b"] }],
          addDependencies: [{ node: "b", dependsOn: ["c"] }],
        }),
      ),
      invalid: await outcome(() =>
        api.patchGraph(id, { addDependencies: [{ node: "ghost", dependsOn: ["a"] }], removeNodes: ["a"] }),
      ),
      empty: await outcome(() => api.patchGraph(id, {})),
      removed: await outcome(async () => {
        await api.patchGraph(id, { addNodes: [{ id: "leaf", type: "noop", dependsOn: ["b"] }] });
        return api.patchGraph(id, { removeNodes: ["leaf"] });
      }),
      missing: await outcome(() => api.patchGraph("01jd0000000000000000000000-1", grow)),
      ended: await outcome(async () => {
        await api.cancel(id);
        return api.patchGraph(id, { addNodes: [{ id: "after", type: "noop" }] });
      }),
    };
  },
  "approvals: approve with data, reject, list in pages, double decisions": async (api) => {
    const schema = {
      type: "object",
      required: ["channel"],
      properties: { channel: { enum: ["blog", "mail"] } },
    };
    const first = (await api.submit(reviewed("approved", { schema }))).id;
    await untilWaiting(first);
    const second = (await api.submit(reviewed("rejected"))).id;
    await untilWaiting(second);
    const listed = await api.approvals({ limit: 1 });
    const approve = (options: Parameters<Api["approve"]>[2]) =>
      outcome(() => api.approve(first, "review", options));
    return {
      listed,
      nextPage: await outcome(() =>
        api.approvals({ limit: 1, ...(listed.nextCursor ? { cursor: listed.nextCursor } : {}) }),
      ),
      badData: await approve({ data: { channel: "fax" } }),
      badStatus: await outcome(() => api.approvals({ status: "done" as "waiting" })),
      approved: await approve({ data: { channel: "blog" }, comment: "ship it", idempotencyKey: "k-1" }),
      repeat: await approve({ data: { channel: "blog" }, comment: "ship it", idempotencyKey: "k-1" }),
      otherDecision: await outcome(() => api.reject(first, "review", { idempotencyKey: "k-1" })),
      twice: await approve({ data: { channel: "mail" } }),
      rejected: await outcome(() => api.reject(second, "review", { comment: "not now" })),
      rejectedTwice: await outcome(() => api.reject(second, "review")),
      notWaiting: await outcome(() => api.approve(second, "draft")),
      missing: await outcome(() => api.approve("01jd0000000000000000000000-1", "review")),
      approvedGraph: await api.waitForEnd(first, { timeoutMs: 20_000 }),
      rejectedGraph: await api.waitForEnd(second, { timeoutMs: 20_000 }),
      left: await api.approvals(),
    };
  },
  "assign a node that has not started": async (api) => {
    const { id } = await api.submit(held("assigned"));
    const result = {
      pinReady: await outcome(() => api.assignNode(id, "a", "gpu-1")),
      pinPending: await outcome(() => api.assignNode(id, "b", "gpu-1")),
      unpin: await outcome(() => api.assignNode(id, "b", null)),
      badName: await outcome(() => api.assignNode(id, "a", "has space")),
      unknownNode: await outcome(() => api.assignNode(id, "ghost", "gpu-1")),
    };
    await api.cancel(id);
    return {
      ...result,
      ended: await outcome(() => api.assignNode(id, "a", "cpu-1")),
      events: await outcome(() => api.events(id)),
    };
  },
  "live watch until cancelled": async (api) => {
    const { id } = await api.submit(held("live"));
    const stored = (await api.events(id)).events.length;
    let cancelled: Promise<unknown> | undefined;
    const watched = await api.watchAll(id, undefined, (_event, seen) => {
      // Once the stored history has arrived, the graph ends while the watch is live.
      if (seen === stored) cancelled = api.cancel(id);
    });
    await cancelled;
    return { stored, watched };
  },
};

/** The same decisions over the keyed servers: a reader and another tenant are refused alike. */
async function keyedApprovals(apis: KeyedApis): Promise<Record<string, unknown>> {
  const { id } = await apis.alice.submit(reviewed("keyed"));
  await untilWaiting(id);
  return {
    listedByReader: await outcome(() => apis.reader.approvals()),
    byReader: await outcome(() => apis.reader.approve(id, "review")),
    rejectByReader: await outcome(() => apis.reader.reject(id, "review")),
    byOtherTenant: await outcome(() => apis.globex.approve(id, "review")),
    listedByOtherTenant: await outcome(() => apis.globex.approvals()),
    byWriter: await outcome(() => apis.alice.approve(id, "review", { comment: "fine" })),
    ended: await apis.alice.waitForEnd(id, { timeoutMs: 20_000 }),
  };
}

describe("HTTP and gRPC give the same results", () => {
  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    it(title, async () => {
      const overHttp = normalizer()(await scenario(http));
      const overGrpc = normalizer()(await scenario(grpc));
      expect(overGrpc).toEqual(overHttp);
      expect(JSON.stringify(overHttp)).not.toMatch(/"error":\{"code":"internal"/);
    });
  }

  it("approvals with API keys: readers and other tenants are refused", async () => {
    const overHttp = normalizer()(await keyedApprovals(keyedApis("http")));
    const overGrpc = normalizer()(await keyedApprovals(keyedApis("grpc")));
    expect(overGrpc).toEqual(overHttp);
    const result = overGrpc as Record<string, { ok?: Record<string, unknown>; error?: { code: string } }>;
    expect(result.byReader?.error?.code).toBe("permission_denied");
    expect(result.rejectByReader?.error?.code).toBe("permission_denied");
    expect(result.byOtherTenant?.error?.code).toBe("not_found");
    expect(result.listedByOtherTenant?.ok).toEqual({ approvals: [] });
    expect(result.byWriter?.ok).toMatchObject({ approved: true, by: "alice@acme", comment: "fine" });
  });

  it("reports what a user expects in the scenarios themselves", async () => {
    const result = (await SCENARIOS["validation errors"]?.(grpc)) as {
      submit: { error: { details: unknown[] } };
    };
    expect(result.submit.error.details.length).toBeGreaterThanOrEqual(4);
    const codes = result.submit.error.details.map((d) => (d as { code: string }).code);
    expect(codes).toEqual(expect.arrayContaining(["cycle", "unknown_dependency", "unknown_field"]));
    const retry = (await SCENARIOS["retry a failed node; events and watch with resume"]?.(grpc)) as {
      failed: { status: string };
      done: { status: string };
      history: GraphEvent[];
      watchedAll: GraphEvent[];
      watchedAfter: GraphEvent[];
    };
    expect(retry.failed.status).toBe("failed");
    expect(retry.done.status).toBe("succeeded");
    expect(retry.watchedAll).toEqual(retry.history);
    expect(retry.watchedAfter).toEqual(retry.history.slice(5));
    const patches = (await SCENARIOS["patches: applied, stale, invalid, on a missing or ended graph"]?.(
      grpc,
    )) as Record<string, { ok?: GraphView; error?: { code: string; details: { code: string }[] } }> & {
      staleCurrentVersion: number;
    };
    const applied = patches.applied?.ok as GraphView;
    expect(applied.nodes.extra?.status).toBe("pending");
    expect(applied.nodes.b?.dependsOn).toEqual(["a", "extra"]);
    expect(patches.stale?.error?.code).toBe("version_conflict");
    expect(patches.staleCurrentVersion).toBe(applied.version);
    expect(patches.cycle?.error?.details).toEqual([
      expect.objectContaining({ code: "cycle", cycle: ["b", "c", "b"] }),
    ]);
    expect(patches.invalid?.error?.code).toBe("validation_failed");
    expect(patches.invalid?.error?.details.map((d) => d.code).sort()).toEqual([
      "node_still_needed",
      "unknown_node",
    ]);
    expect(patches.empty?.error?.details).toEqual([expect.objectContaining({ path: "" })]);
    expect(patches.removed?.ok?.nodes.leaf).toBeUndefined();
    expect(patches.missing?.error?.code).toBe("not_found");
    expect(patches.ended?.error?.code).toBe("invalid_transition");
    const growing = (await SCENARIOS["a map and a loop run to the same state and history"]?.(grpc)) as {
      done: GraphView;
      history: GraphEvent[];
      notAList: GraphView;
      tooMany: { ok: { valid: boolean; errors: { code: string; path: string }[] } };
      unbounded: { ok: { valid: boolean; errors: { code: string; path: string }[] } };
    };
    expect(growing.done.status).toBe("succeeded");
    expect(Object.keys(growing.done.nodes).sort()).toEqual(
      ["final", "refine", "refine[0]", "refine[1]", "refine[2]", "sections"]
        .concat(["sections[0]", "sections[1]", "sections[2]"])
        .sort(),
    );
    expect(growing.done.nodes.sections?.output).toHaveLength(ITEMS.length);
    expect(growing.done.nodes.refine?.output).toMatchObject({ iterations: 3, exhausted: true });
    const patched = growing.history.filter((e) => e.type === "GraphPatched");
    expect(patched.map((e) => e.data.source)).toEqual(["map", "loop", "loop", "loop"]);
    expect(patched[0]?.data.addNodes).toEqual([
      expect.objectContaining({ id: "sections[0]", item: ITEMS[0], prompt: expect.any(String) }),
      expect.objectContaining({ id: "sections[1]", item: ITEMS[1] }),
      expect.objectContaining({ id: "sections[2]", item: ITEMS[2] }),
    ]);
    expect(growing.notAList.nodes.each?.error).toMatchObject({ code: "map_over_not_list" });
    expect(growing.tooMany.ok.valid).toBe(false);
    expect(growing.tooMany.ok.errors).toEqual([expect.objectContaining({ path: "/nodes/0/maxItems" })]);
    expect(growing.unbounded.ok.errors).toEqual([
      expect.objectContaining({ code: "missing_field", path: "/nodes/0/maxIterations" }),
    ]);
    const decided = (await SCENARIOS[
      "approvals: approve with data, reject, list in pages, double decisions"
    ]?.(grpc)) as Record<
      string,
      { ok?: Record<string, unknown>; error?: { code: string; details: Record<string, unknown>[] } }
    > & {
      listed: { approvals: Record<string, unknown>[]; nextCursor?: string };
      approvedGraph: GraphView;
      rejectedGraph: GraphView;
      left: { approvals: unknown[] };
    };
    expect(decided.listed.approvals).toEqual([
      expect.objectContaining({ nodeId: "review", graphName: "approved", prompt: "Publish Q3?" }),
    ]);
    expect(decided.listed.nextCursor).toBeDefined();
    expect(decided.nextPage?.ok).toMatchObject({
      approvals: [expect.objectContaining({ graphName: "rejected" })],
    });
    expect(decided.badData?.error?.code).toBe("validation_failed");
    expect(decided.badData?.error?.details[0]?.path).toBe("/data/channel");
    expect(decided.approved?.ok).toMatchObject({
      approved: true,
      data: { channel: "blog" },
      comment: "ship it",
    });
    expect(decided.repeat?.ok).toEqual(decided.approved?.ok);
    expect(decided.otherDecision?.error?.code).toBe("idempotency_conflict");
    expect(decided.twice?.error?.code).toBe("invalid_transition");
    expect(decided.twice?.error?.details[0]?.code).toBe("already_decided");
    expect(decided.rejected?.ok).toMatchObject({ approved: false, comment: "not now", data: null });
    expect(decided.notWaiting?.error?.details[0]?.code).toBe("not_waiting");
    expect(decided.missing?.error?.code).toBe("not_found");
    expect(decided.approvedGraph.nodes.review?.output).toMatchObject({
      approved: true,
      data: { channel: "blog" },
    });
    expect(decided.rejectedGraph.status).toBe("failed");
    expect(decided.left.approvals).toEqual([]);
    const live = (await SCENARIOS["live watch until cancelled"]?.(grpc)) as { watched: GraphEvent[] };
    expect(live.watched.at(-1)?.type).toBe("GraphCancelled");
  });
});
