import { describe, expect, it } from "vitest";
import { createLogger, type LoggerOptions } from "./logger.js";

const FIXED = new Date("2025-03-04T05:06:07.089Z");

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    format: "json",
    now: () => FIXED,
    stream: { write: (chunk: string) => lines.push(chunk) },
    ...options,
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe("JSON format", () => {
  it("writes one line per call with level, time, msg, bindings and fields", () => {
    const { logger, lines, records } = capture({ bindings: { service: "dago" } });
    logger.info("graph submitted", { graphId: "g1", nodes: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(lines[0]?.trimEnd()).not.toContain("\n");
    expect(
      lines[0]?.startsWith('{"level":"info","time":"2025-03-04T05:06:07.089Z","msg":"graph submitted"'),
    ).toBe(true);
    expect(records()[0]).toEqual({
      level: "info",
      time: "2025-03-04T05:06:07.089Z",
      msg: "graph submitted",
      service: "dago",
      graphId: "g1",
      nodes: 3,
    });
  });

  it("adds child bindings on top of the parent's, and fields win over bindings", () => {
    const { logger, records } = capture({ bindings: { service: "dago", part: 1 } });
    logger.child({ part: 2, worker: "w1" }).warn("lease lost", { part: 3 });
    logger.info("parent unchanged");
    expect(records()[0]).toMatchObject({ level: "warn", service: "dago", worker: "w1", part: 3 });
    expect(records()[1]).not.toHaveProperty("worker");
  });

  it("keeps level, time and msg trustworthy when a field has the same name", () => {
    const { logger, records } = capture();
    logger.error("real", { msg: "fake", level: "debug" });
    expect(records()[0]).toMatchObject({ level: "error", msg: "real", _msg: "fake", _level: "debug" });
  });

  it("drops lines below the level", () => {
    const { logger, records } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(records().map((r) => r.msg)).toEqual(["w", "e"]);
    expect(logger.isLevelEnabled("info")).toBe(false);
    expect(logger.isLevelEnabled("error")).toBe(true);
  });

  it("serialises errors with name, message, code and stack", () => {
    const { logger, records } = capture();
    const error = Object.assign(new TypeError("bad thing"), { code: "E_BAD" });
    logger.error("failed", { err: error });
    const err = records()[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({ name: "TypeError", message: "bad thing", code: "E_BAD" });
    expect(String(err.stack)).toContain("bad thing");
  });

  it("writes values JSON cannot hold as readable text", () => {
    const { logger, records } = capture();
    logger.info("odd values", {
      big: 12n,
      nan: Number.NaN,
      when: new Date(0),
      fn: function handler() {},
      bytes: new Uint8Array(4),
      set: new Set([1, 2]),
      map: new Map([["a", 1]]),
      missing: undefined,
    });
    expect(records()[0]).toMatchObject({
      big: "12",
      nan: "NaN",
      when: "1970-01-01T00:00:00.000Z",
      fn: "[Function handler]",
      bytes: "[Uint8Array 4 bytes]",
      set: [1, 2],
      map: { a: 1 },
    });
    expect(records()[0]).not.toHaveProperty("missing");
  });
});

describe("redaction", () => {
  it.each([
    "password",
    "redisPass",
    "pass",
    "clientSecret",
    "token",
    "accessToken",
    "apiKey",
    "api_key",
    "x-api-key",
    "Authorization",
  ])("hides the value of %s", (key) => {
    const { logger, lines } = capture();
    logger.info("request", { [key]: "s3cr3t-value" });
    expect(lines[0]).toContain(`"${key}":"***"`);
    expect(lines[0]).not.toContain("s3cr3t-value");
  });

  it("hides secrets nested in objects and arrays, and in bindings", () => {
    const { logger, lines } = capture({ bindings: { auth: { token: "bound-secret" } } });
    logger.info("nested", { headers: { authorization: "Bearer abc" }, list: [{ password: "pw" }] });
    expect(lines[0]).not.toMatch(/bound-secret|Bearer abc|"pw"/);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      auth: { token: "***" },
      headers: { authorization: "***" },
      list: [{ password: "***" }],
    });
  });

  it("still shows token counts, which reveal nothing", () => {
    const { logger, records } = capture();
    logger.info("llm call", { outputTokens: 512, maxTokens: 1024 });
    expect(records()[0]).toMatchObject({ outputTokens: 512, maxTokens: 1024 });
  });
});

describe("robustness", () => {
  it("truncates long strings with a marker", () => {
    const { logger, records } = capture();
    logger.info("x".repeat(2500), { output: "y".repeat(5000) });
    const record = records()[0] ?? {};
    expect(record.output).toBe(`${"y".repeat(2000)}…[truncated 3000 chars]`);
    expect(record.msg).toBe(`${"x".repeat(2000)}…[truncated 500 chars]`);
  });

  it("never throws on circular data", () => {
    const { logger, records } = capture();
    const node: Record<string, unknown> = { id: "a" };
    node.self = node;
    node.list = [node];
    const error = new Error("loop") as Error & { context?: unknown };
    error.context = error;
    expect(() => logger.info("cycle", { node, error })).not.toThrow();
    expect(records()[0]?.node).toEqual({ id: "a", self: "[Circular]", list: ["[Circular]"] });
  });

  it("writes a shared, non-circular object twice", () => {
    const { logger, records } = capture();
    const shared = { v: 1 };
    logger.info("shared", { a: shared, b: shared });
    expect(records()[0]).toMatchObject({ a: { v: 1 }, b: { v: 1 } });
  });

  it("survives throwing getters and a throwing stream", () => {
    const { logger, records } = capture();
    const hostile = {
      ok: 1,
      get bad(): never {
        throw new Error("getter");
      },
    };
    expect(() => logger.info("hostile", { hostile })).not.toThrow();
    expect(records()[0]?.hostile).toEqual({ ok: 1, bad: "[Unreadable]" });

    const broken = createLogger({
      level: "info",
      format: "json",
      stream: {
        write: () => {
          throw new Error("EPIPE");
        },
      },
    });
    expect(() => broken.info("lost")).not.toThrow();
  });

  it("limits very deep structures", () => {
    const { logger, lines } = capture();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    logger.info("deep", { deep });
    expect(lines[0]).toContain('"[Object]"');
    expect(lines[0]).not.toContain("leaf");
  });
});

describe("console format", () => {
  it("writes time, level, message and key=value pairs on one readable line", () => {
    const { logger, lines } = capture({ format: "console" });
    logger.warn("node retried", {
      graphId: "g1",
      attempt: 2,
      reason: "rate limited",
      ok: false,
      meta: { a: 1 },
    });
    const hh = String(FIXED.getHours()).padStart(2, "0");
    const mm = String(FIXED.getMinutes()).padStart(2, "0");
    expect(lines[0]).toBe(
      `${hh}:${mm}:07.089 WARN  node retried graphId=g1 attempt=2 reason="rate limited" ok=false meta={"a":1}\n`,
    );
  });

  it("shows an error's message inline and its stack below", () => {
    const { logger, lines } = capture({ format: "console" });
    logger.error("boom", { err: new Error("disk full"), token: "abc" });
    const [first, ...rest] = (lines[0] ?? "").trimEnd().split("\n");
    expect(first).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR boom err="Error: disk full" token=\*\*\*$/);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest[0]).toMatch(/^ {4}at /);
  });
});
