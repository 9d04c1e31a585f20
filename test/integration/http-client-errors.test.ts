// Requests the HTTP parser refuses before routing still get a JSON error with a catalog code.
import { connect } from "node:net";
import { expect, it } from "vitest";
import { useApis } from "./ws-test-client.js";

const { apis } = useApis({ workers: false });

function raw(request: string): Promise<string> {
  const { port } = new URL(apis[0].http);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

it("answers a request that is not HTTP with 400 invalid_request as JSON", async () => {
  const answer = await raw("HELLO THERE\r\n\r\n");
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  expect(answer).toContain("application/json");
  expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).error.code).toBe("invalid_request");
});

it("answers oversized headers with 431 as JSON", async () => {
  const answer = await raw(`GET /api/v1/graphs HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).error.code).toBe("body_too_large");
  expect((await fetch(`${apis[0].http}/health`)).status).toBe(200);
});
