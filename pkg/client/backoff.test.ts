import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./backoff.js";

describe("reconnectDelay", () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it("doubles with each failure up to the cap, jittered within the upper half", () => {
    expect(reconnectDelay(1, 0, policy)).toBe(50);
    expect(reconnectDelay(1, 0.999999, policy)).toBe(100);
    expect(reconnectDelay(3, 0, policy)).toBe(200);
    expect(reconnectDelay(30, 0.999999, policy)).toBe(1000);
    expect(reconnectDelay(30, 0, policy)).toBe(500);
  });
});
