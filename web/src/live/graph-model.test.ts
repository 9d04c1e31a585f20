import { describe, expect, it } from "vitest";
import { foldEvents } from "../../../internal/domain/fold.js";
import { applyDelta, applyIncoming, createModel, LOG_LIMIT, replaceState, specsOf } from "./graph-model.js";
import { event, GRAPH_ID, startEvents, stateOf } from "./test-events.js";

const delta = (seq: number, text: string, attempt = 1) => ({
  graphId: GRAPH_ID,
  tenantId: "default",
  nodeId: "a",
  attempt,
  seq,
  text,
  at: 1,
});

function started(history = startEvents()) {
  return createModel(stateOf(history), specsOf(history[0]), history, true);
}

describe("graph model", () => {
  it("folds live events onto a fetched state exactly as folding the whole history does", () => {
    const history = startEvents();
    const model = started(history);
    const live = [
      event("2-0", "NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w1" } }),
      event("2-1", "NodeCompleted", { nodeId: "a", attempt: 1, data: { output: "hi", durationMs: 3 } }),
      event("2-2", "NodeReady", { nodeId: "b", attempt: 1 }),
    ];
    const next = applyIncoming(model, live);
    expect(next.state).toEqual(foldEvents([...history, ...live]));
    expect(next.state.nodes.a?.status).toBe("succeeded");
    expect(next.log.map((e) => e.id)).toEqual(["1-0", "1-1", "1-2", "2-0", "2-1", "2-2"]);
  });

  it("leaves the previous model untouched, so views can compare by identity", () => {
    const model = started();
    const before = structuredClone(model.state);
    const next = applyIncoming(model, [
      event("2-0", "NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w" } }),
    ]);
    expect(model.state).toEqual(before);
    expect(next.state.nodes.a).not.toBe(model.state.nodes.a);
    expect(next.state.nodes.b).toBe(model.state.nodes.b);
  });

  it("applies and logs an event only once, whatever the order of replay and state", () => {
    const model = started();
    const e = event("2-0", "NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w" } });
    const once = applyIncoming(model, [e]);
    const twice = applyIncoming(once, [e, startEvents()[2] as never]);
    expect(twice.state.version).toBe(once.state.version);
    expect(twice.log).toHaveLength(once.log.length);
  });

  it("marks the model stale instead of applying an event that does not fit", () => {
    const next = applyIncoming(started(), [event("2-0", "NodeStarted", { nodeId: "ghost", attempt: 1 })]);
    expect(next.stale).toBe(true);
    expect(next.state.lastEventId).toBe("1-2");
  });

  it("takes a newer fetched state, ignores an older one, and fills the log up to it", () => {
    const model = started();
    const more = [
      event("3-0", "NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w" } }),
      event("3-1", "GraphPaused"),
    ];
    const fetched = stateOf([...startEvents(), ...more]);
    const next = replaceState(model, fetched, more);
    expect(next.state.status).toBe("paused");
    expect(next.logLastId).toBe("3-1");
    expect(replaceState(next, model.state).state.status).toBe("paused");
  });

  it("restarts the log when the missed history was too long to load", () => {
    const model = started();
    const fetched = stateOf([...startEvents(), event("9-0", "GraphPaused")]);
    const next = replaceState(model, fetched, [], false);
    expect(next.log).toEqual([]);
    expect(next.logTruncated).toBe(true);
    const after = applyIncoming(next, [event("9-1", "GraphResumed", { data: { reason: "resume" } })]);
    expect(after.log.map((e) => e.id)).toEqual(["9-1"]);
  });

  it("keeps only the newest events in the log", () => {
    let model = started();
    const events = [];
    for (let i = 0; i < LOG_LIMIT + 10; i++) {
      events.push(
        event(`5-${i}`, "NodeResultRefused", { nodeId: "a", attempt: 1, data: { kind: "complete" } }),
      );
    }
    model = applyIncoming(model, events);
    expect(model.log).toHaveLength(LOG_LIMIT);
    expect(model.log.at(-1)?.id).toBe(`5-${LOG_LIMIT + 9}`);
    expect(model.logTruncated).toBe(true);
  });

  it("streams deltas in order, ignores duplicates and stale attempts, and notes gaps", () => {
    let model = started();
    model = applyDelta(model, delta(0, "Hel"));
    model = applyDelta(model, delta(1, "lo"));
    model = applyDelta(model, delta(1, "lo"));
    expect(model.streams.a).toMatchObject({ text: "Hello", gap: false, attempt: 1 });
    model = applyDelta(model, delta(3, "!"));
    expect(model.streams.a).toMatchObject({ text: "Hello!", gap: true });
    model = applyDelta(model, delta(0, "old", 0));
    expect(model.streams.a?.text).toBe("Hello!");
  });

  it("drops a node's stream once its output arrived", () => {
    let model = applyDelta(started(), delta(0, "partial"));
    model = applyIncoming(model, [
      event("2-0", "NodeStarted", { nodeId: "a", attempt: 1, data: { worker: "w" } }),
      event("2-1", "NodeCompleted", { nodeId: "a", attempt: 1, data: { output: "partial and more" } }),
    ]);
    expect(model.streams.a).toBeUndefined();
    expect(applyDelta(model, delta(1, "late")).streams.a).toBeUndefined();
  });

  it("reads the node specs from GraphSubmitted", () => {
    expect(specsOf(startEvents()[0]).a?.prompt).toBe("Say hi");
    expect(specsOf(undefined)).toEqual({});
  });

  it("applies a patch live: added nodes with their specs, new dependencies, removed nodes, as the fold does", () => {
    const history = startEvents();
    const model = started(history);
    const live = [
      event("2-0", "GraphPatched", {
        data: {
          source: "api",
          addNodes: [{ id: "extra", type: "llm", dependsOn: ["a"], prompt: "More" }],
          addDependencies: [{ node: "b", dependsOn: ["extra"] }],
          removeNodes: [],
        },
      }),
      event("2-1", "GraphPatched", {
        data: {
          source: "api",
          addNodes: [{ id: "late", type: "noop", dependsOn: [] }],
          addDependencies: [],
          removeNodes: [],
        },
      }),
      event("2-2", "NodeReady", { nodeId: "late", attempt: 1 }),
      event("2-3", "GraphPatched", {
        data: { source: "api", addNodes: [], addDependencies: [], removeNodes: ["late"] },
      }),
    ];
    const next = applyIncoming(model, live);
    expect(next.stale).toBe(false);
    expect(next.state).toEqual(foldEvents([...history, ...live]));
    expect(Object.keys(next.state.nodes)).toEqual(["a", "b", "extra"]);
    expect(next.state.nodes.b?.dependsOn).toEqual(["a", "extra"]);
    expect(next.specs.extra?.prompt).toBe("More");
    expect(next.specs.b?.dependsOn).toEqual(["a", "extra"]);
    expect(next.specs.late).toBeUndefined();
    // The node that gained a dependency is a copy: the model before the patch still shows it without.
    expect(model.state.nodes.b?.dependsOn).toEqual(["a"]);
    expect(model.specs.b?.dependsOn).toEqual(["a"]);
    expect(model.state.nodes.extra).toBeUndefined();
    expect(next.log.map((e) => e.type)).toContain("GraphPatched");
  });

  it("knows a map's children and a loop's iterations by the patch that added them", () => {
    const model = started();
    const next = applyIncoming(model, [
      event("2-0", "GraphPatched", {
        data: {
          source: "map",
          by: "a",
          addNodes: [0, 1].map((i) => ({ id: `a[${i}]`, type: "noop", dependsOn: ["a"] })),
          addDependencies: [],
          removeNodes: [],
        },
      }),
      event("2-1", "GraphPatched", {
        data: { source: "api", addNodes: [], addDependencies: [], removeNodes: [] },
      }),
    ]);
    expect(next.groups).toEqual({ a: "map" });
    expect(next.specs["a[1]"]?.dependsOn).toEqual(["a"]);
    expect(model.groups).toEqual({});
  });

  it("reads the patches of the history a reload loads, so patched nodes keep their specs", () => {
    const history = [
      ...startEvents(),
      event("2-0", "GraphPatched", {
        data: {
          source: "loop",
          by: "a",
          addNodes: [{ id: "a[0]", type: "llm", dependsOn: [], prompt: "Once more" }],
          addDependencies: [],
          removeNodes: [],
        },
      }),
    ];
    const model = started(history);
    expect(model.specs["a[0]"]?.prompt).toBe("Once more");
    expect(model.groups).toEqual({ a: "loop" });
  });
});
