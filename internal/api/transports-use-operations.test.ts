// The transports take every role from the operation table: none names a role itself, and together they ask the
// table about every operation it holds, so a role changed there changes on HTTP, gRPC and WebSocket alike.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS, type OperationName } from "../service/index.js";

const TRANSPORTS = {
  http: ["http/graph-handlers.ts", "http/decision-handlers.ts", "http/system-routes.ts"],
  grpc: ["grpc/orchestrator-handlers.ts"],
  ws: ["ws/ws-client.ts"],
} as const;

/** How each transport hands an operation's name to the table (through roleOf, or a helper that calls it). */
const OPERATION_REFERENCE = /(?:tenantOf\(req, |control\(|unary\(|roleOf\(|this\.tenantOf\(\s*)"(\w+)"/g;
const ROLE_LITERAL = /"(?:read|write|admin)"/;

const source = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), "utf8");

function operationsOf(files: readonly string[]): Set<string> {
  return new Set(
    files.flatMap((file) => [...source(file).matchAll(OPERATION_REFERENCE)].map((m) => m[1] as string)),
  );
}

const EXPECTED: Record<keyof typeof TRANSPORTS, OperationName[]> = {
  http: [
    "submit",
    "validate",
    "get",
    "list",
    "events",
    "pause",
    "resume",
    "cancel",
    "retry",
    "assign",
    "patch",
    "approve",
    "reject",
    "approvals",
    "metrics",
    "workers",
    "serverMetrics",
  ],
  grpc: [
    "submit",
    "validate",
    "get",
    "list",
    "events",
    "watch",
    "pause",
    "resume",
    "cancel",
    "retry",
    "assign",
    "patch",
    "metrics",
    "workers",
    "approve",
    "reject",
    "approvals",
  ],
  ws: ["subscribeGraphs", "subscribeTenant"],
};

describe("transports and the operation table", () => {
  for (const [transport, files] of Object.entries(TRANSPORTS)) {
    it(`${transport} names no role itself`, () => {
      for (const file of files) expect(source(file), file).not.toMatch(ROLE_LITERAL);
    });

    it(`${transport} asks the table for each of its operations`, () => {
      const referenced = operationsOf(files);
      for (const operation of referenced) expect(OPERATIONS, operation).toHaveProperty(operation);
      expect([...referenced].sort()).toEqual([...EXPECTED[transport as keyof typeof TRANSPORTS]].sort());
    });
  }

  it("together cover every operation of the table", () => {
    const referenced = operationsOf(Object.values(TRANSPORTS).flat());
    expect([...referenced].sort()).toEqual(Object.keys(OPERATIONS).sort());
  });
});
