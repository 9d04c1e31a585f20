import { describe, expect, it } from "vitest";
import { decodeOutputDelta, type OutputDelta } from "../contract/output-delta.js";
import { createLogger } from "../observability/logger.js";
import { OutputDeltaPublisher } from "./output-delta-publisher.js";

const logger = createLogger({ level: "error", format: "json", stream: { write: () => true } });
const attempt = { graphId: "g-1", tenantId: "acme", nodeId: "a", attempt: 2 };

function recorder(fail = false) {
  const sent: OutputDelta[] = [];
  const publish = async (message: string) => {
    if (fail) throw new Error("redis is gone");
    sent.push(decodeOutputDelta(message)!);
  };
  return { sent, publish };
}

describe("OutputDeltaPublisher", () => {
  it("coalesces a fast stream into few messages and flushes the rest on close", async () => {
    const { sent, publish } = recorder();
    const publisher = new OutputDeltaPublisher(publish, attempt, logger, {
      intervalMs: 10_000,
      maxBytes: 10,
    });
    for (const piece of ["ab", "cd", "ef", "gh", "ij", "kl"]) publisher.push(piece);
    await publisher.close();
    expect(sent.map((d) => d.text)).toEqual(["abcdefghij", "kl"]);
    expect(sent.map((d) => d.seq)).toEqual([0, 1]);
    expect(sent[0]).toMatchObject(attempt);
    publisher.push("late");
    expect(sent).toHaveLength(2);
  });

  it("publishes what piled up once the interval has passed", async () => {
    const { sent, publish } = recorder();
    const publisher = new OutputDeltaPublisher(publish, attempt, logger, { intervalMs: 20, maxBytes: 1000 });
    publisher.push("a");
    publisher.push("b");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent.map((d) => d.text)).toEqual(["ab"]);
    await publisher.close();
  });

  it("never lets a failed publish reach the caller", async () => {
    const { publish } = recorder(true);
    const publisher = new OutputDeltaPublisher(publish, attempt, logger, { intervalMs: 1, maxBytes: 1 });
    publisher.push("x");
    await expect(publisher.close()).resolves.toBeUndefined();
  });
});
