// DagoLiveClient and DagoClient.waitForEnd against a real dago: what a watch yields is exactly the stored history
// (in order, nothing missing, nothing twice), across connections cut mid-stream too; refusals end a watch with a
// typed error carrying the server's code; waitForEnd waits over the socket, and polls when a proxy refuses it.
import { afterAll, describe, expect, it } from "vitest";
import type { SubscriptionType } from "../../internal/contract/ws-protocol.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphSpec, NodeSpec } from "../../internal/domain/graph-spec.js";
import { DagoApiError, DagoSubscriptionError } from "../../pkg/client/errors.js";
import { DagoClient } from "../../pkg/client/http-client.js";
import { DagoLiveClient } from "../../pkg/client/live-client.js";
import type { LiveWatch } from "../../pkg/client/live-types.js";
import type { FetchLike } from "../../pkg/client/types.js";
import { sleepExecutor } from "../helpers/test-executors.js";
import { type HttpCutProxy, startHttpCutProxy } from "./http-cut-proxy.js";
import { history, startApi, submit, TERMINAL, useApis, waitForStatus } from "./ws-test-client.js";

const KEY = "acme-live-key-000001";
const {
  prefix,
  apis: [api, keyed],
} = useApis(
  { workers: true, executors: [sleepExecutor()] },
  { workers: true, executors: [sleepExecutor()], env: { DAGO_API_KEYS: `acme=${KEY}` } },
);

const proxies: HttpCutProxy[] = [];
const clients: DagoLiveClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const p of proxies) await p.close();
});

function liveClient(baseUrl: string, options: { apiKey?: string; tenantId?: string } = {}): DagoLiveClient {
  const c = new DagoLiveClient({
    baseUrl,
    heartbeatMs: 2000,
    backoff: { initialMs: 20, maxMs: 200 },
    ...options,
  });
  clients.push(c);
  return c;
}

async function proxyTo(httpUrl: string): Promise<HttpCutProxy> {
  const proxy = await startHttpCutProxy(Number(new URL(httpUrl).port));
  proxies.push(proxy);
  return proxy;
}

/** Sleeping branches: events keep coming for about a second, several often in one millisecond. */
function busyGraph(name: string, branches = 4, steps = 5): GraphSpec {
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < branches; i++) {
    for (let s = 0; s < steps; s++) {
      nodes.push({
        id: `b${i}s${s}`,
        type: "sleep",
        ms: 30 + ((i * 7 + s * 13) % 50),
        ...(s > 0 ? { dependsOn: [`b${i}s${s - 1}`] } : {}),
      });
    }
  }
  return { name, nodes };
}

/** Pulls items until `done` says so (or fails after `timeoutMs`), then stops the watch. */
async function collect<T>(watch: LiveWatch<T>, done: (item: T, seen: T[]) => boolean, timeoutMs = 20_000) {
  const seen: T[] = [];
  const timer = setTimeout(() => void watch.return(), timeoutMs);
  try {
    for await (const item of watch) {
      seen.push(item);
      if (done(item, seen)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

const events = <T>(items: T[]) =>
  items.flatMap((item) => {
    const i = item as { kind: string; event?: GraphEvent };
    return i.kind === "event" && i.event !== undefined ? [i.event] : [];
  });
const ids = (list: GraphEvent[]) => list.map((e) => `${e.graphId}/${e.id}`);
const endsGraph = (item: { kind: string; event?: GraphEvent }) =>
  item.kind === "event" && item.event?.type === "GraphCompleted";

describe("watchGraph", () => {
  it("from 0-0 yields the whole history of a finished graph in order, then live", async () => {
    const graph = await submit(api, busyGraph("finished", 2, 2));
    await waitForStatus(api, graph, TERMINAL);
    const items = await collect(
      liveClient(api.http).watchGraph(graph, { after: "0-0" }),
      (i) => i.kind === "live",
    );
    const stored = await history(api, graph);
    expect(stored.length).toBeGreaterThan(5);
    expect(items.at(-1)).toEqual({ kind: "live" });
    expect(events(items)).toEqual(stored);
  });

  it("follows a running graph from the last event its view shows to its end, with nothing missing", async () => {
    const http = new DagoClient({ baseUrl: api.http });
    const { id } = await http.submit(busyGraph("running"));
    const view = await http.get(id);
    const items = await collect(liveClient(api.http).watchGraph(id, { after: view.lastEventId }), endsGraph);
    const stored = await history(api, id);
    expect(events(items)).toEqual(stored.slice(stored.findIndex((e) => e.id === view.lastEventId) + 1));
    expect(events(items).length).toBeGreaterThan(10);
  });

  it("resumes after a cut connection with no gap and no duplicate", async () => {
    const proxy = await proxyTo(api.http);
    const graph = await submit(api, busyGraph("cut", 4, 6));
    const watch = liveClient(proxy.url).watchGraph(graph, { after: "0-0" });
    let cuts = 0;
    const items = await collect(watch, (item, seen) => {
      // Cut twice while the graph runs, each time in the middle of the stream.
      if (item.kind === "event" && (events(seen).length === 8 || events(seen).length === 25)) {
        proxy.cut();
        cuts += 1;
      }
      return endsGraph(item);
    });
    expect(cuts).toBe(2);
    expect(proxy.upgrades()).toBeGreaterThanOrEqual(3);
    const stored = await history(api, graph);
    expect(ids(events(items))).toEqual(ids(stored));
    expect(items.filter((i) => i.kind === "live")).toHaveLength(1);
  });

  it("goes on through another process when its process shuts down, with no gap and no duplicate", async () => {
    // This process runs no worker: the graph goes on while it is gone.
    const leaving = await startApi({ prefix, workers: false });
    const proxy = await proxyTo(leaving.http);
    const graph = await submit(api, busyGraph("restart", 4, 6));
    const watch = liveClient(proxy.url).watchGraph(graph, { after: "0-0" });
    let stopped: Promise<void> | undefined;
    const items = await collect(watch, (item, seen) => {
      if (stopped === undefined && events(seen).length === 10) {
        proxy.retarget(Number(new URL(api.http).port));
        stopped = leaving.dago.stop(0);
      }
      return endsGraph(item);
    });
    await stopped;
    expect(stopped).toBeDefined();
    expect(proxy.upgrades()).toBeGreaterThanOrEqual(2);
    expect(ids(events(items))).toEqual(ids(await history(api, graph)));
  });

  it("ends with a typed error when the graph does not exist", async () => {
    const watch = liveClient(api.http).watchGraph("01jd0000000000000000000000-1", { after: "0-0" });
    const error = await collect(watch, () => false).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DagoSubscriptionError);
    expect((error as DagoSubscriptionError).code).toBe("graph_not_found");
  });

  it("unsubscribes when the signal aborts, and throws its reason", async () => {
    const graph = await submit(api, { name: "endless", nodes: [{ id: "wait", type: "sleep" }] });
    const controller = new AbortController();
    const live = liveClient(api.http);
    const watch = live.watchGraph(graph, { after: "0-0", signal: controller.signal });
    const pending = collect(watch, (item) => {
      if (item.kind === "live") controller.abort(new Error("seen enough"));
      return false;
    });
    await expect(pending).rejects.toThrow("seen enough");
    await new DagoClient({ baseUrl: api.http }).cancel(graph);
  });
});

describe("watchTenant", () => {
  it("with a type filter sees only those types, from every graph of the tenant", async () => {
    const tenant = "live-filter";
    const types: SubscriptionType[] = ["NodeCompleted", "GraphCompleted"];
    const watch = liveClient(api.http).watchTenant({ tenantId: tenant, types });
    const graphs: string[] = [];
    const completed = new Set<string>();
    const items = await collect(watch, (item) => {
      if (item.kind === "live") {
        void (async () => {
          graphs.push(await submit(api, busyGraph("one", 2, 2), tenant));
          graphs.push(await submit(api, busyGraph("two", 2, 3), tenant));
        })();
      }
      if (item.kind === "event" && item.event.type === "GraphCompleted") completed.add(item.event.graphId);
      return completed.size === 2;
    });
    expect(items[0]).toMatchObject({ kind: "live", cursor: expect.any(String) });
    const seen = events(items);
    expect(new Set(seen.map((e) => e.type))).toEqual(new Set(types));
    for (const graph of graphs) {
      const stored = (await history(api, graph, tenant)).filter((e) => types.includes(e.type));
      expect(seen.filter((e) => e.graphId === graph)).toEqual(stored);
    }
    for (const item of items) if (item.kind === "event") expect(item.cursor).toMatch(/^\d+/);
  });

  it("resumes from its cursor after a cut connection with no gap and no duplicate", async () => {
    const tenant = "live-cut";
    const proxy = await proxyTo(api.http);
    const watch = liveClient(proxy.url).watchTenant({ tenantId: tenant });
    let graph = "";
    let cut = false;
    const items = await collect(watch, (item, seen) => {
      if (item.kind === "live")
        void submit(api, busyGraph("tenant-cut", 3, 4), tenant).then((id) => (graph = id));
      if (!cut && events(seen).length === 12) {
        proxy.cut();
        cut = true;
      }
      return endsGraph(item);
    });
    expect(cut).toBe(true);
    expect(ids(events(items))).toEqual(ids(await history(api, graph, tenant)));
  });

  it("ends with cursor_expired when its cursor's events were trimmed from the log", async () => {
    const small = await startApi({ env: { DAGO_PARTITIONS: "1", DAGO_LOG_STREAM_MAXLEN: "100" } });
    try {
      const live = liveClient(small.http);
      const [first] = await collect(live.watchTenant(), (i) => i.kind === "live");
      const cursor = first?.kind === "live" ? first.cursor : "";
      const nodes = Array.from({ length: 150 }, (_, i) => ({ id: `n${i}`, type: "noop" }));
      await waitForStatus(small, await submit(small, { name: "filler", nodes }), TERMINAL);
      const error = await collect(live.watchTenant({ after: cursor }), () => false).catch(
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(DagoSubscriptionError);
      expect((error as DagoSubscriptionError).code).toBe("cursor_expired");
    } finally {
      await small.dago.stop(0);
    }
  });
});

describe("with API keys", () => {
  it("a missing or wrong key ends the watch with unauthenticated (401); the right one watches", async () => {
    const http = new DagoClient({ baseUrl: keyed.http, apiKey: KEY });
    const { id } = await http.submit({ name: "keyed", nodes: [{ id: "a", type: "sleep", ms: 10 }] });
    for (const apiKey of [undefined, "not-a-key-0000000000"]) {
      const watch = liveClient(keyed.http, { apiKey }).watchGraph(id, { after: "0-0" });
      const error = await collect(watch, () => false).catch((err: unknown) => err);
      expect(error, String(apiKey)).toBeInstanceOf(DagoApiError);
      expect(error).toMatchObject({ status: 401, code: "unauthenticated" });
    }
    const items = await collect(http.live().watchGraph(id, { after: "0-0" }), endsGraph);
    expect(events(items)).toEqual((await http.events(id)).events);
  });
});

describe("DagoClient.waitForEnd", () => {
  /** A fetch that counts the requests it makes. */
  function countingFetch(): { fetch: FetchLike; gets: () => number } {
    let gets = 0;
    return {
      fetch: (input, init) => {
        if ((init.method ?? "GET") === "GET") gets += 1;
        return globalThis.fetch(input, init);
      },
      gets: () => gets,
    };
  }

  it("resolves through the socket: one look before, one after the end, no polling", async () => {
    const { fetch, gets } = countingFetch();
    const http = new DagoClient({ baseUrl: api.http, fetch });
    const { id } = await http.submit(busyGraph("wait-live", 2, 3));
    const started = Date.now();
    // Polling every minute would not be done within the test's time: only the socket can end this wait.
    const final = await http.waitForEnd(id, { pollMs: 60_000, timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(final.status).toBe("succeeded");
    expect(Object.values(final.nodes).every((n) => n.status === "succeeded")).toBe(true);
    expect(final.lastEventId).toBe((await history(api, id)).at(-1)?.id);
    expect(gets()).toBe(2);
  });

  it("polls when a proxy refuses the WebSocket upgrade", async () => {
    const proxy = await proxyTo(api.http);
    proxy.refuseUpgrades();
    const { fetch, gets } = countingFetch();
    const http = new DagoClient({ baseUrl: proxy.url, fetch });
    const { id } = await http.submit(busyGraph("wait-poll", 2, 3));
    const final = await http.waitForEnd(id, { pollMs: 50, timeoutMs: 20_000 });
    expect(final.status).toBe("succeeded");
    expect(proxy.upgrades()).toBe(1);
    expect(gets()).toBeGreaterThan(2);
  });

  it("times out with the graph still running, over the socket as well", async () => {
    const http = new DagoClient({ baseUrl: api.http });
    const { id } = await http.submit({ name: "stuck", nodes: [{ id: "wait", type: "sleep" }] });
    const error = await http.waitForEnd(id, { pollMs: 60_000, timeoutMs: 300 }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: "DagoTimeoutError", graphId: id });
    expect((error as Error).message).toContain("it is running");
    await http.cancel(id);
  });
});
