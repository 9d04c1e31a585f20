// Resuming with `after` while graphs run, across two API processes: A serves the clients and runs no worker,
// B runs the workers and takes the submissions. Whatever a client got before plus what it gets after resuming
// must be exactly the stored history: in order, nothing missing, nothing twice.
import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../../internal/domain/events.js";
import { sleepExecutor } from "../helpers/test-executors.js";
import {
  history,
  type Message,
  startApi,
  submit,
  TERMINAL,
  useApis,
  waitForStatus,
} from "./ws-test-client.js";

const {
  apis: [a, b],
  client,
} = useApis({ workers: false }, { workers: true, executors: [sleepExecutor()] });

/** Several parallel branches of slow steps: events keep coming for a while, often several in one millisecond. */
function busyGraph(name: string, branches = 5, steps = 4) {
  const nodes: Array<Record<string, unknown>> = [];
  for (let i = 0; i < branches; i++) {
    for (let s = 0; s < steps; s++) {
      nodes.push({
        id: `b${i}s${s}`,
        type: "sleep",
        ms: 20 + ((i * 7 + s * 13) % 40),
        ...(s > 0 ? { dependsOn: [`b${i}s${s - 1}`] } : {}),
      });
    }
  }
  nodes.push({ id: "join", type: "noop", dependsOn: nodes.map((n) => n.id as string) });
  return { name, nodes };
}

const ids = (events: GraphEvent[]) => events.map((e) => `${e.graphId}/${e.id}`);

describe("two API processes", () => {
  it("a client on one process sees every event of work done on the other", async () => {
    const c = await client(a);
    c.send({ op: "subscribe", sub: "t", scope: "tenant", tenant: "two-proc" });
    await c.next((m) => m.type === "live");
    const graph = await submit(b, busyGraph("elsewhere", 2, 2), "two-proc");
    await c.next((m) => m.type === "event" && m.event.type === "GraphCompleted");
    expect(c.events("t")).toEqual(await history(b, graph, "two-proc"));
  });
});

describe("resume with after", () => {
  it("replay plus live equals the stored history, for subscriptions made at any moment of a run", async () => {
    const graph = await submit(b, busyGraph("resume"));
    const c = await client(a);
    const starts = new Map<string, string>();
    let round = 0;
    // Subscribe again and again while the graph runs, each time after the last event the HTTP API shows.
    for (;;) {
      const stored = await history(b, graph);
      const after = round % 4 === 0 ? "0-0" : (stored[stored.length - 1]?.id ?? "0-0");
      const sub = `r${round++}`;
      starts.set(sub, after);
      c.send({ op: "subscribe", sub, graphs: [graph], after });
      if (stored.some((e) => e.type === "GraphCompleted") || round >= 60) break;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(round).toBeGreaterThan(3);
    await waitForStatus(b, graph, TERMINAL);
    const full = await history(b, graph);
    const expectedOf = (after: string) =>
      after === "0-0" ? full : full.slice(full.findIndex((e) => e.id === after) + 1);
    const settled = (sub: string, after: string) =>
      c.events(sub).length >= expectedOf(after).length &&
      c.messages.some((m) => m.type === "live" && m.sub === sub);
    await c.until(() => [...starts].every(([sub, after]) => settled(sub, after)));
    for (const [sub, after] of starts) {
      const expected = expectedOf(after);
      expect(c.events(sub), `${sub} after ${after}`).toEqual(expected);
      const messages = c.messages.filter((m) => m.sub === sub).map((m) => m.type);
      expect(messages[0]).toBe("subscribed");
      expect(messages.filter((t) => t === "live")).toHaveLength(1);
    }
  });

  it("replay plus live equals the stored history when subscribing in the middle of a burst", async () => {
    const wide = Array.from({ length: 150 }, (_, i) => ({ id: `w${i}`, type: "noop", dependsOn: ["gate"] }));
    const graph = await submit(b, {
      name: "burst",
      nodes: [{ id: "gate", type: "sleep", ms: 200 }, ...wide],
    });
    const c = await client(a);
    const starts = new Map<string, string>();
    let round = 0;
    for (;;) {
      const page = (await (await fetch(`${b.http}/api/v1/graphs/${graph}/events?limit=1000`)).json()) as {
        events: GraphEvent[];
      };
      const last = page.events[page.events.length - 1];
      const sub = `b${round++}`;
      starts.set(sub, last?.id ?? "0-0");
      c.send({ op: "subscribe", sub, graphs: [graph], after: last?.id ?? "0-0" });
      if (page.events.some((e) => e.type === "GraphCompleted") || round >= 60) break;
      // Quickly while the burst is on, slowly before it.
      await new Promise((resolve) => setTimeout(resolve, page.events.length > 10 ? 1 : 20));
    }
    await waitForStatus(b, graph, TERMINAL);
    const full = await history(b, graph);
    const expectedOf = (after: string) => full.slice(full.findIndex((e) => e.id === after) + 1);
    await c.until(() =>
      [...starts].every(
        ([sub, after]) =>
          c.events(sub).length >= expectedOf(after).length &&
          c.messages.some((m) => m.type === "live" && m.sub === sub),
      ),
    );
    for (const [sub, after] of starts) expect(ids(c.events(sub)), sub).toEqual(ids(expectedOf(after)));
    c.socket.terminate();
  });

  it("a tenant subscription resumes from its cursor on another process without gap or duplicate", async () => {
    const tenant = "resume-tenant";
    const first = await client(b);
    first.send({ op: "subscribe", sub: "t", scope: "tenant", tenant });
    const live = await first.next((m) => m.type === "live");
    const control = await client(a);
    control.send({ op: "subscribe", sub: "all", scope: "tenant", tenant, after: live.cursor });
    await control.next((m) => m.type === "live");

    const graphs = await Promise.all([1, 2, 3].map((i) => submit(b, busyGraph(`t${i}`, 3, 3), tenant)));
    await first.until(() => first.events("t").length >= 25);
    // The client goes away mid-run; what it had processed is all it knows.
    const seen: Message[] = first.messages.filter((m) => m.type === "event");
    first.socket.terminate();
    const cursor = seen[seen.length - 1]?.cursor as string;
    expect(cursor).toMatch(/^\d+(\.\d+-\d+)*$/);

    const second = await client(a);
    second.send({ op: "subscribe", sub: "t2", scope: "tenant", tenant, after: cursor });
    for (const graph of graphs) await waitForStatus(b, graph, TERMINAL, tenant);
    const done = (events: GraphEvent[]) => events.filter((e) => e.type === "GraphCompleted").length === 3;
    await second.until(() => done(second.events("t2")));
    await control.until(() => done(control.events("all")));

    const union = [...seen.map((m) => m.event as GraphEvent), ...second.events("t2")];
    expect(new Set(ids(union)).size).toBe(union.length);
    for (const graph of graphs) {
      const stored = await history(b, graph, tenant);
      expect(union.filter((e) => e.graphId === graph)).toEqual(stored);
      expect(control.events("all").filter((e) => e.graphId === graph)).toEqual(stored);
    }
    expect(union).toHaveLength(control.events("all").length);
  });

  it("refuses a cursor whose events were trimmed from the log, and keeps the connection", async () => {
    // A process of its own with one partition and the shortest log, filled far past its length.
    const small = await startApi({
      executors: [sleepExecutor()],
      env: { DAGO_PARTITIONS: "1", DAGO_LOG_STREAM_MAXLEN: "100" },
    });
    try {
      const c = await client(small);
      c.send({ op: "subscribe", sub: "early", scope: "tenant" });
      const early = await c.next((m) => m.type === "live" && m.sub === "early");
      const nodes = Array.from({ length: 150 }, (_, i) => ({ id: `n${i}`, type: "noop" }));
      const graph = await submit(small, { name: "filler", nodes });
      await waitForStatus(small, graph, TERMINAL);
      c.send({ op: "subscribe", sub: "late", scope: "tenant", after: early.cursor });
      const refused = await c.next((m) => m.type === "error" && m.sub === "late");
      expect(refused.code).toBe("cursor_expired");
      c.send({ op: "ping" });
      await c.next((m) => m.type === "pong");
      // A recent cursor still resumes.
      const recent = c.messages.filter((m) => m.type === "event" && m.sub === "early").at(-5);
      c.send({ op: "subscribe", sub: "recent", scope: "tenant", after: recent?.cursor });
      await c.next((m) => m.type === "live" && m.sub === "recent");
      expect(ids(c.events("recent"))).toEqual(ids(c.events("early")).slice(-4));
    } finally {
      await small.dago.stop(0);
    }
  });
});
