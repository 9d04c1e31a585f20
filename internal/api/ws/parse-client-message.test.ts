import { describe, expect, it } from "vitest";
import { parseClientMessage } from "./parse-client-message.js";
import { WsRequestError } from "./protocol.js";

const G1 = "01jd0000000000000000000000-3";
const G2 = "01jd0000000000000000000001-0";
const limits = { maxGraphs: 3, partitions: 8 };

function refusal(message: unknown): { code: string; sub?: string; message: string } {
  const text = typeof message === "string" ? message : JSON.stringify(message);
  try {
    parseClientMessage(text, limits);
  } catch (err) {
    if (err instanceof WsRequestError) {
      return { code: err.code, message: err.message, ...(err.sub ? { sub: err.sub } : {}) };
    }
    throw err;
  }
  throw new Error(`accepted: ${text}`);
}

describe("parseClientMessage", () => {
  it("reads a graph subscription with types and after (map or plain id)", () => {
    const request = parseClientMessage(
      JSON.stringify({
        op: "subscribe",
        sub: "s1",
        graphs: [G1, G2, G1],
        types: ["NodeCompleted", "NodeOutputDelta"],
        after: { [G1]: "1700000000000-1" },
      }),
      limits,
    );
    expect(request).toEqual({
      op: "subscribe",
      scope: "graphs",
      sub: "s1",
      graphs: [G1, G2],
      types: new Set(["NodeCompleted", "NodeOutputDelta"]),
      after: new Map([[G1, "1700000000000-1"]]),
    });
    const single = parseClientMessage(
      JSON.stringify({ op: "subscribe", sub: "s", graphs: [G1], after: "0-0", tenant: "acme" }),
      limits,
    );
    expect(single).toMatchObject({ tenant: "acme", after: new Map([[G1, "0-0"]]) });
  });

  it("reads a tenant subscription with a cursor", () => {
    const request = parseClientMessage(
      JSON.stringify({ op: "subscribe", sub: "t", scope: "tenant", after: "1700000000000.2-0" }),
      limits,
    );
    expect(request).toEqual({
      op: "subscribe",
      scope: "tenant",
      sub: "t",
      after: { ms: 1700000000000, seqs: new Map([[2, 0]]) },
    });
  });

  it("reads ping and unsubscribe", () => {
    expect(parseClientMessage('{"op":"ping"}', limits)).toEqual({ op: "ping" });
    expect(parseClientMessage('{"op":"unsubscribe","sub":"s1"}', limits)).toEqual({
      op: "unsubscribe",
      sub: "s1",
    });
  });

  it.each([
    ["not json", "{", "invalid_json", undefined],
    ["an array", "[1]", "invalid_json", undefined],
    ["no op", { sub: "s" }, "unknown_op", "s"],
    ["an unknown op", { op: "watch" }, "unknown_op", undefined],
    ["a missing sub", { op: "subscribe", graphs: [G1] }, "invalid_sub", undefined],
    ["a sub with a space", { op: "subscribe", sub: "a b", graphs: [G1] }, "invalid_sub", undefined],
    ["a too long sub", { op: "unsubscribe", sub: "x".repeat(65) }, "invalid_sub", undefined],
    [
      "an unknown field",
      { op: "subscribe", sub: "s", graphs: [G1], type: ["NodeReady"] },
      "invalid_message",
      "s",
    ],
    ["a bad scope", { op: "subscribe", sub: "s", scope: "all" }, "invalid_scope", "s"],
    [
      "graphs with tenant scope",
      { op: "subscribe", sub: "s", scope: "tenant", graphs: [G1] },
      "invalid_scope",
      "s",
    ],
    ["no graphs", { op: "subscribe", sub: "s" }, "invalid_graph_id", "s"],
    ["a bad graph id", { op: "subscribe", sub: "s", graphs: ["nope"] }, "invalid_graph_id", "s"],
    [
      "too many graphs",
      { op: "subscribe", sub: "s", graphs: [G1, G2, `${G1}0`, `${G2}0`] },
      "too_many_graphs",
      "s",
    ],
    [
      "an unknown type",
      { op: "subscribe", sub: "s", graphs: [G1], types: ["NodeExploded"] },
      "invalid_event_type",
      "s",
    ],
    ["empty types", { op: "subscribe", sub: "s", graphs: [G1], types: [] }, "invalid_event_type", "s"],
    ["a bad tenant", { op: "subscribe", sub: "s", graphs: [G1], tenant: "a/b" }, "invalid_tenant", "s"],
    ["a bad event id", { op: "subscribe", sub: "s", graphs: [G1], after: "yesterday" }, "invalid_after", "s"],
    [
      "a plain after for two graphs",
      { op: "subscribe", sub: "s", graphs: [G1, G2], after: "1-0" },
      "invalid_after",
      "s",
    ],
    [
      "after for another graph",
      { op: "subscribe", sub: "s", graphs: [G1], after: { [G2]: "1-0" } },
      "invalid_after",
      "s",
    ],
    [
      "a bad cursor",
      { op: "subscribe", sub: "s", scope: "tenant", after: "1000.99-0" },
      "invalid_after",
      "s",
    ],
  ])("refuses %s", (_name, message, code, sub) => {
    const error = refusal(message);
    expect(error.code).toBe(code);
    expect(error.sub).toBe(sub);
    expect(error.message.length).toBeGreaterThan(10);
  });
});
