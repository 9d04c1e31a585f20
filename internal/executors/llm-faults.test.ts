import { describe, expect, it } from "vitest";
import { httpFault, parseRetryAfter, streamFault } from "./llm-faults.js";

const headers = (init: Record<string, string>) => new Headers(init);

describe("parseRetryAfter", () => {
  it("reads seconds, milliseconds and HTTP dates, and caps absurd waits", () => {
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter(headers({ "retry-after": "0.5" }))).toBe(500);
    expect(parseRetryAfter(headers({ "retry-after-ms": "1234.2", "retry-after": "9" }))).toBe(1235);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ "retry-after": "86400" }))).toBe(3_600_000);
    expect(parseRetryAfter(headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe("httpFault", () => {
  it.each([
    [400, false, "up"],
    [401, false, "up"],
    [403, false, "up"],
    [404, false, "up"],
    [408, true, "up"],
    [429, true, "unknown"],
    [500, true, "down"],
    [503, true, "down"],
    [529, true, "down"],
  ] as const)("HTTP %i: retryable %s, provider %s", (status, retryable, health) => {
    const fault = httpFault(
      "anthropic",
      status,
      "message from the provider",
      headers({ "retry-after": "3" }),
    );
    expect(fault).toMatchObject({ code: `llm_http_${status}`, retryable, health });
    expect(fault.message).toBe(`anthropic: message from the provider (HTTP ${status})`);
    expect(fault.retryAfterMs).toBe(retryable ? 3000 : undefined);
  });

  it("maps errors inside a stream by their type", () => {
    expect(streamFault("anthropic", "overloaded_error", "Overloaded")).toMatchObject({
      code: "llm_stream_error",
      retryable: true,
      health: "down",
    });
    expect(streamFault("anthropic", "invalid_request_error", "bad")).toMatchObject({
      retryable: false,
      health: "up",
    });
    expect(streamFault("openai-compatible", undefined, "boom")).toMatchObject({ retryable: true });
  });
});
