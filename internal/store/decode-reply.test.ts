import { describe, expect, it } from "vitest";
import {
  decodeCompletion,
  decodeControl,
  decodeHeartbeat,
  decodeRelease,
  decodeResult,
  decodeStart,
  decodeSubmit,
} from "./decode-reply.js";
import { ScriptCode } from "./script-codes.js";

describe("decoding script replies", () => {
  it("reads a submission's created, repeated, conflicting and colliding replies", () => {
    const created = decodeSubmit([ScriptCode.ok, "g", ["status", "running"], ["a", "{}"]] as never);
    expect(created).toEqual({ created: true, meta: { status: "running" }, nodes: { a: "{}" } });
    expect(decodeSubmit([ScriptCode.duplicate, "g1"])).toEqual({
      created: false,
      reason: "duplicate",
      graphId: "g1",
    });
    expect(decodeSubmit([ScriptCode.idempotencyConflict, "g1"])).toEqual({
      created: false,
      reason: "idempotency_conflict",
      graphId: "g1",
    });
    expect(decodeSubmit([ScriptCode.idTaken])).toEqual({ created: false, reason: "id_taken" });
  });

  it("reads a start and each of its refusals", () => {
    expect(decodeStart([ScriptCode.ok, "spec", "header", "up", "1", null])).toEqual({
      started: true,
      node: { spec: "spec", header: "header", refs: [{ nodeId: "up", output: "1" }] },
    });
    expect(decodeStart([ScriptCode.ok, "spec", null])).toEqual({
      started: true,
      node: { spec: "spec", refs: [] },
    });
    expect(decodeStart([ScriptCode.graphGone])).toEqual({ started: false, reason: "graph_gone" });
    expect(decodeStart([ScriptCode.staleAttempt, "running", 2])).toEqual({ started: false, reason: "stale" });
    expect(decodeStart([ScriptCode.graphPaused])).toEqual({ started: false, reason: "paused" });
    expect(decodeStart([ScriptCode.graphNotRunning, "cancelled"])).toEqual({
      started: false,
      reason: "not_running",
    });
  });

  it("reads a completion with the nodes it handed off", () => {
    const reply = [ScriptCode.ok, "running", 1, "b", 1, "spec-b", 1, "a", "42", "{}"];
    expect(decodeCompletion(reply)).toEqual({
      applied: true,
      graphStatus: "running",
      handedOff: [
        {
          nodeId: "b",
          attempt: 1,
          node: { spec: "spec-b", refs: [{ nodeId: "a", output: "42", state: "{}" }] },
        },
      ],
    });
    expect(decodeCompletion([ScriptCode.ok, "succeeded"])).toEqual({
      applied: true,
      graphStatus: "succeeded",
      handedOff: [],
    });
  });

  it("reads a refused result with the node's status and attempt apart from the reason", () => {
    const stale = decodeResult([ScriptCode.staleAttempt, "cancelled", 3]);
    expect(stale).toEqual({ applied: false, reason: "stale_attempt", nodeStatus: "cancelled", attempt: 3 });
    expect(decodeCompletion([ScriptCode.graphGone])).toEqual({ applied: false, reason: "graph_gone" });
    expect(decodeResult([ScriptCode.ok, "retrying", "running"])).toEqual({
      applied: true,
      graphStatus: "running",
      nodeStatus: "retrying",
    });
    expect(decodeResult([ScriptCode.ok, "running"])).toEqual({ applied: true, graphStatus: "running" });
  });

  it("reads heartbeats, hand-backs and control replies", () => {
    expect(decodeHeartbeat([ScriptCode.ok, ScriptCode.leaseLost])).toEqual([true, false]);
    expect(decodeRelease([ScriptCode.ok])).toEqual({ released: true });
    expect(decodeRelease([ScriptCode.staleAttempt, "running", 2])).toEqual({
      released: false,
      reason: "stale_attempt",
    });
    expect(decodeRelease([ScriptCode.graphNotRunning, "failed"])).toEqual({
      released: false,
      reason: "graph_not_running",
    });
    expect(decodeControl([ScriptCode.ok])).toEqual({ applied: true });
    expect(decodeControl([ScriptCode.graphStatus, "succeeded"])).toEqual({
      applied: false,
      reason: "graph_status",
      status: "succeeded",
    });
    expect(decodeControl([ScriptCode.nodeNotFailed, "running"])).toEqual({
      applied: false,
      reason: "node_not_failed",
      nodeStatus: "running",
    });
    expect(decodeControl([ScriptCode.noSuchNode])).toEqual({ applied: false, reason: "no_such_node" });
  });

  it("throws on a code the reply's script never returns", () => {
    expect(() => decodeStart([ScriptCode.idTaken])).toThrow("unexpected script reply [-1]");
    expect(() => decodeResult([ScriptCode.graphPaused])).toThrow("unexpected script reply [-6]");
    expect(() => decodeControl([ScriptCode.duplicate, "g"])).toThrow('unexpected script reply [0,"g"]');
  });
});
