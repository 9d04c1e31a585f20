// What is committed under generated/ (types and the descriptor set) must be what the generator makes of proto/ now.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";

const ROOT = new URL("../../../", import.meta.url).pathname;
const COMMITTED = join(ROOT, "internal/api/grpc/generated");
const fresh = mkdtempSync(join(tmpdir(), "dago-proto-types-"));

afterAll(() => rmSync(fresh, { recursive: true, force: true }));

function files(dir: string, base = dir): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of files(path, base)) found.set(k, v);
    else found.set(relative(base, path), readFileSync(path));
  }
  return found;
}

it("generated types and descriptors match proto/ (after editing a .proto file, run `make proto`)", () => {
  execFileSync(process.execPath, ["scripts/gen-proto-types.mjs", fresh], { cwd: ROOT });
  const expected = files(fresh);
  const committed = files(COMMITTED);
  expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, content] of expected)
    expect(committed.get(name)?.toString("base64"), name).toBe(content.toString("base64"));
});
