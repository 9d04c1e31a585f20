import { describe, expect, it } from "vitest";
import type { EventType, GraphEvent } from "../../../internal/domain/events.js";
import { attemptText, failuresText } from "./attempt-text.js";

let serial = 0;
const event = (type: EventType, data: Record<string, unknown> = {}): GraphEvent => ({
  id: `1-${serial++}`,
  graphId: "g",
  tenantId: "default",
  type,
  nodeId: "n",
  at: 1,
  data,
});

describe("attempt text", () => {
  it("says a node retried by hand was retried, never 'attempt 3 of 2'", () => {
    const events = [
      event("NodeFailed"),
      event("NodeReset", { reason: "retry" }),
      event("NodeReady"),
      event("NodeStarted"),
    ];
    expect(attemptText({ attempt: 3 }, { maxAttempts: 2 }, events)).toBe(
      "3 (retried by hand; policy allows 2 per run)",
    );
    expect(
      attemptText({ attempt: 5 }, { maxAttempts: 2 }, [...events, event("NodeReset", { reason: "retry" })]),
    ).toBe("5 (retried by hand twice; policy allows 2 per run)");
  });

  it("tells a reset caused by an upstream retry apart", () => {
    expect(
      attemptText({ attempt: 2 }, { maxAttempts: 3 }, [event("NodeReset", { reason: "upstream_retry" })]),
    ).toBe("2 (run again after a retry upstream; policy allows 3 per run)");
  });

  it("counts against the policy only when every attempt was one the policy counts", () => {
    expect(attemptText({ attempt: 2 }, { maxAttempts: 3 }, [event("NodeRetrying", { failures: 1 })])).toBe(
      "2 of 3",
    );
    expect(attemptText({ attempt: 2 }, { maxAttempts: 3 }, [event("NodeRetrying", { deferred: true })])).toBe(
      "2 (1 not counted: deferred, handed back or lease lost; policy allows 3)",
    );
  });

  it("names what can start attempts when the log no longer shows why there were more than allowed", () => {
    expect(attemptText({ attempt: 4 }, { maxAttempts: 2 }, [])).toBe(
      "4 (retries by hand, deferrals, hand-backs and lost leases are not counted by the policy; policy allows 2)",
    );
    expect(attemptText({ attempt: 0 }, { maxAttempts: 2 }, [])).toBe("none yet");
    expect(attemptText({ attempt: 1 }, undefined, [])).toBe("1");
  });

  it("shows the failures the policy counted against its limit", () => {
    expect(failuresText({ failures: 1 }, { maxAttempts: 2 })).toBe("1 of 2 allowed");
    expect(failuresText({ failures: 1 }, undefined)).toBe("1");
  });
});
