import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultPageSize, OPERATIONS, type OperationName, roleOf } from "./operations.js";

const proto = readFileSync(new URL("../../proto/dago/v1/orchestrator.proto", import.meta.url), "utf8");
const apiDoc = readFileSync(new URL("../../docs/API.md", import.meta.url), "utf8");

/** The operation behind each rpc of the Orchestrator service. */
const RPC_OPERATIONS: Record<string, OperationName> = {
  SubmitGraph: "submit",
  ValidateGraph: "validate",
  GetGraph: "get",
  ListGraphs: "list",
  GetGraphEvents: "events",
  WatchGraph: "watch",
  PauseGraph: "pause",
  ResumeGraph: "resume",
  CancelGraph: "cancel",
  RetryNode: "retry",
  PatchGraph: "patch",
  AssignNode: "assign",
  GetGraphMetrics: "metrics",
  ListWorkers: "workers",
  ApproveNode: "approve",
  RejectNode: "reject",
  ListApprovals: "approvals",
};

/** What each row of docs/API.md's role table says, word by word, and the operations those words stand for. */
const DOCUMENTED: Record<"read" | "write" | "admin", [phrase: string, operations: OperationName[]][]> = {
  read: [
    ["graphs", ["get", "list"]],
    ["events", ["events", "watch"]],
    ["metrics", ["metrics"]],
    ["subscribe to them", ["subscribeGraphs", "subscribeTenant"]],
    ["validate specs", ["validate"]],
    ["list workers", ["workers"]],
    ["list open approvals", ["approvals"]],
  ],
  write: [
    ["submit", ["submit"]],
    ["pause", ["pause"]],
    ["resume", ["resume"]],
    ["cancel", ["cancel"]],
    ["retry", ["retry"]],
    ["patch", ["patch"]],
    ["assign", ["assign"]],
    ["approve", ["approve"]],
    ["reject", ["reject"]],
  ],
  admin: [["`/metrics`", ["serverMetrics"]]],
};

function roleRow(role: string): string {
  const row = apiDoc.split("\n").find((line) => line.startsWith(`| \`${role}\``));
  if (row === undefined) throw new Error(`docs/API.md has no row for the ${role} role`);
  return row;
}

describe("OPERATIONS", () => {
  it("has an entry for every rpc of the Orchestrator service", () => {
    const rpcs = [...proto.matchAll(/^\s*rpc (\w+)\(/gm)].map((m) => m[1] as string);
    expect(rpcs.length).toBeGreaterThan(0);
    expect(rpcs.sort()).toEqual(Object.keys(RPC_OPERATIONS).sort());
    for (const operation of Object.values(RPC_OPERATIONS)) expect(OPERATIONS).toHaveProperty(operation);
  });

  it("gives every operation the role docs/API.md documents", () => {
    const documented = new Map<OperationName, string>();
    for (const [role, entries] of Object.entries(DOCUMENTED)) {
      const row = roleRow(role);
      for (const [phrase, operations] of entries) {
        expect(row, `the ${role} row mentions ${phrase}`).toContain(phrase);
        for (const operation of operations) documented.set(operation, role);
      }
    }
    const roles = Object.fromEntries(Object.keys(OPERATIONS).map((op) => [op, roleOf(op as OperationName)]));
    expect(roles).toEqual(Object.fromEntries(documented));
  });

  it("pages lists by 50 within DAGO_LIST_PAGE_MAX and events by 100 within DAGO_EVENTS_PAGE_MAX", () => {
    expect(OPERATIONS.list.page).toEqual({ defaultLimit: 50, maxLimit: "maxListPage" });
    expect(OPERATIONS.events.page).toEqual({ defaultLimit: 100, maxLimit: "maxEventsPage" });
    expect(defaultPageSize("list", { maxListPage: 500, maxEventsPage: 1000 })).toBe(50);
    expect(defaultPageSize("events", { maxListPage: 500, maxEventsPage: 1000 })).toBe(100);
    expect(defaultPageSize("list", { maxListPage: 20, maxEventsPage: 30 })).toBe(20);
    expect(defaultPageSize("events", { maxListPage: 20, maxEventsPage: 30 })).toBe(30);
  });
});
