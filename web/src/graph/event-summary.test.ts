import { describe, expect, it } from "vitest";
import { event } from "../live/test-events.js";
import { summarizeEvent } from "./event-summary.js";

describe("summarizeEvent", () => {
  it("says what matters about each kind of event", () => {
    expect(summarizeEvent(event("1-0", "NodeStarted", { nodeId: "a", data: { worker: "w1" } }))).toBe(
      "on w1",
    );
    expect(
      summarizeEvent(
        event("1-1", "NodeRetrying", {
          nodeId: "a",
          data: { error: { code: "timeout", message: "took too long" }, delayMs: 500 },
        }),
      ),
    ).toBe("timeout: took too long; next attempt in 500 ms");
    expect(
      summarizeEvent(event("1-2", "NodeSkipped", { nodeId: "a", data: { reason: "upstream_failed" } })),
    ).toBe("upstream failed");
    expect(summarizeEvent(event("1-3", "GraphSubmitted", { data: { nodes: [{}, {}] } }))).toBe("2 nodes");
    expect(summarizeEvent(event("1-4", "GraphPaused"))).toBe("");
    expect(
      summarizeEvent(
        event("1-5", "GraphPatched", {
          data: { source: "api", addNodes: [{ id: "x" }], addDependencies: [], removeNodes: ["y", "z"] },
        }),
      ),
    ).toBe("patched by api: +1 node, -2 nodes");
  });
});
