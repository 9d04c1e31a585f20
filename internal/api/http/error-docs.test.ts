// docs/ERRORS.md is what client authors read: every code a client can meet must be there, with the right statuses.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOG, GRPC_STATUS } from "../../contract/error-catalog.js";
import { PATCH_VALIDATION_CODES, VALIDATION_CODES, WARNING_CODES } from "../../domain/index.js";

const doc = readFileSync(new URL("../../../docs/ERRORS.md", import.meta.url), "utf8");

/** Every table row of the document as its trimmed cells (column padding does not matter). */
const rows = doc
  .split("\n")
  .filter((line) => line.trimStart().startsWith("|"))
  .map((line) =>
    line
      .trim()
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

/** The cells of the table row whose first cell is `code`, or undefined when there is none. */
function rowOf(code: string): string[] | undefined {
  return rows.find((cells) => cells[0] === `\`${code}\``);
}

function grpcName(status: number): string | undefined {
  return Object.entries(GRPC_STATUS).find(([, value]) => value === status)?.[0];
}

describe("docs/ERRORS.md", () => {
  it.each(Object.entries(ERROR_CATALOG))(
    "documents API error %s with its HTTP and gRPC status",
    (code, entry) => {
      const row = rowOf(code);
      expect(row, `no table row for ${code}`).toBeDefined();
      expect(row?.[1]).toBe(String(entry.http));
      expect(row?.[2]).toBe(grpcName(entry.grpc));
      expect(row?.[3]).not.toBe("");
    },
  );

  it.each([...WARNING_CODES])("documents submission warning %s", (code) => {
    const row = rowOf(code);
    expect(row, `no table row for ${code}`).toBeDefined();
    expect(row?.[1]).not.toBe("");
  });

  it.each([...VALIDATION_CODES, ...PATCH_VALIDATION_CODES])("documents validation issue %s", (code) => {
    const row = rowOf(code);
    expect(row, `no table row for ${code}`).toBeDefined();
    expect(row?.[1]).not.toBe("");
  });

  it.each([
    "timeout",
    "lease_expired",
    "executor_error",
    "no_executor",
    "output_too_large",
    "output_not_json",
    "bad_template",
    "node_failed",
    "llm_http_<status>",
    "llm_connection",
    "aborted",
    "worker_stopping",
    "no_worker",
    "map_over_not_list",
    "map_too_many_items",
    "map_child_failed",
    "loop_iteration_failed",
    "loop_too_many_nodes",
    "invalid_patch",
    "patch_conflict",
  ])("documents node error %s", (code) => {
    expect(rowOf(code), `no table row for ${code}`).toBeDefined();
  });
});
