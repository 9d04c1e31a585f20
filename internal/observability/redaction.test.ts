import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { REDACTED_PATHS } from "./redaction.js";

function capture(format: "json" | "console" = "json") {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    format,
    stream: { write: (chunk: string) => lines.push(chunk) },
  });
  return { logger, lines };
}

describe("credential headers", () => {
  it("hides cookies and the WebSocket subprotocol wherever headers are logged", () => {
    const { logger, lines } = capture();
    logger.info("request", {
      headers: {
        cookie: "session=c1",
        "set-cookie": ["session=c2"],
        "sec-websocket-protocol": "dago.bearer.k3",
      },
      req: { headers: { cookie: "session=c4", accept: "*/*" } },
      details: [{ headers: { "set-cookie": "session=c5" } }, "plain"],
    });
    expect(lines[0]).not.toMatch(/session=|dago\.bearer/);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      headers: { cookie: "***", "set-cookie": "***", "sec-websocket-protocol": "***" },
      req: { headers: { cookie: "***", accept: "*/*" } },
      details: [{ headers: { "set-cookie": "***" } }, "plain"],
    });
  });

  it("hides them in the console format too", () => {
    const { logger, lines } = capture("console");
    logger.info("request", { headers: { cookie: "session=c1" } });
    expect(lines[0]).toContain('headers={"cookie":"***"}');
  });

  it("leaves lines without headers, or with headers of another shape, as they are", () => {
    const { logger, lines } = capture();
    logger.info("odd", { headers: "none", req: null, details: "text" });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ headers: "none", req: null, details: "text" });
  });

  it("lists each path once", () => {
    expect(new Set(REDACTED_PATHS).size).toBe(REDACTED_PATHS.length);
  });
});
