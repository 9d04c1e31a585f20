// `dago patch` against a real server: what a user sees for a patch applied from a file or stdin, a stale
// --if-version, an invalid patch, a missing or ended graph, and a malformed flag, exit codes included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cmd/cli/run.js";
import type { GraphView } from "../../internal/contract/graph-views.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
let servers: ApiServers;
const scratch = mkdtempSync(join(tmpdir(), "dago-cli-patch-"));

beforeAll(async () => {
  // No worker: node "a" stays ready and "b" pending, so the graph keeps running while it is patched.
  h = await createHarness();
  servers = await startApiServers(h);
});

afterAll(async () => {
  await servers?.close();
  await h?.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function dago(args: string[], stdin = ""): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run([...args, "--url", servers.httpUrl], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([stdin]),
    env: {},
  });
  return { code, stdout, stderr };
}

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

async function runningGraph(name: string): Promise<GraphView> {
  const id = await h.submit({
    name,
    nodes: [
      { id: "a", type: "noop" },
      { id: "b", type: "noop", dependsOn: ["a"] },
    ],
  });
  return h.waitFor(id, (s) => s.nodes.a?.status === "ready");
}

const ADD_EXTRA_YAML = `addNodes:
  - id: extra
    type: llm
    dependsOn: [a]
    prompt: "One more section"
addDependencies:
  - node: b
    dependsOn: [extra]
`;

describe("dago patch", () => {
  it("applies a YAML patch at the version given and prints the new version and node count", async () => {
    const graph = await runningGraph("yaml");
    const file = scratchFile("extra.yaml", ADD_EXTRA_YAML);
    const result = await dago(["patch", graph.id, file, "--if-version", String(graph.version)]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const patched = await h.service.get("default", graph.id);
    expect(patched.version).toBeGreaterThan(graph.version);
    expect(result.stdout).toBe(`${graph.id}: version ${patched.version}, 3 nodes\n`);
    expect(patched.nodes.b?.dependsOn).toEqual(["a", "extra"]);
    expect(patched.nodes.extra?.status).toBe("pending");
  });

  it("reads a JSON patch from stdin and prints the patched graph with --json", async () => {
    const graph = await runningGraph("stdin");
    const patch = { addNodes: [{ id: "leaf", type: "noop", dependsOn: ["b"] }] };
    const result = await dago(["patch", graph.id, "-", "--json"], JSON.stringify(patch));
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as GraphView;
    expect(printed.id).toBe(graph.id);
    expect(Object.keys(printed.nodes).sort()).toEqual(["a", "b", "leaf"]);
    expect(printed).toEqual(await h.service.get("default", graph.id));
  });

  it("exits 5 on a stale --if-version, naming the current version, and changes nothing", async () => {
    const graph = await runningGraph("stale");
    const file = scratchFile("leaf.json", '{"addNodes": [{"id": "leaf", "type": "noop"}]}');
    expect((await dago(["patch", graph.id, file])).code).toBe(0);
    const current = await h.service.get("default", graph.id);
    const other = scratchFile("late.json", '{"addNodes": [{"id": "late", "type": "noop"}]}');
    const result = await dago(["patch", graph.id, other, "--if-version", String(graph.version)]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `dago: graph ${graph.id} is at version ${current.version}, not ${graph.version}\n` +
        `  the graph changed since the version given; it is at version ${current.version} now: look at it ` +
        `again (dago status ${graph.id}) and patch with --if-version ${current.version}\n`,
    );
    expect((await h.service.get("default", graph.id)).nodes.late).toBeUndefined();
  });

  it("exits 3 with every problem of an invalid patch, with its path into the patch", async () => {
    const graph = await runningGraph("invalid");
    const file = scratchFile(
      "bad.json",
      JSON.stringify({
        addDependencies: [{ node: "ghost", dependsOn: ["a"] }],
        removeNodes: ["a"],
      }),
    );
    const result = await dago(["patch", graph.id, file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^dago: the patch has 2 problems\n/);
    expect(result.stderr).toContain("  ghost: unknown_node: ");
    expect(result.stderr).toMatch(/^ {2}a: node_still_needed: /m);
  });

  it("exits 4 for a graph that does not exist and 5 for one that ended", async () => {
    const file = scratchFile("one.json", '{"addNodes": [{"id": "one", "type": "noop"}]}');
    const missing = await dago(["patch", "01jd0000000000000000000000-1", file]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/not found/);
    const graph = await runningGraph("ended");
    await h.service.cancel("default", graph.id);
    const ended = await dago(["patch", graph.id, file]);
    expect(ended.code).toBe(5);
    expect(ended.stderr).toMatch(/is cancelled; only a graph that has not ended can be patched/);
  });

  it("exits 2 for an --if-version that is not a version and 8 for a file it cannot read", async () => {
    const graph = await runningGraph("flags");
    const file = scratchFile("ok.json", '{"removeNodes": ["b"]}');
    const badFlag = await dago(["patch", graph.id, file, "--if-version", "latest"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--if-version must be a graph version/);
    const noFile = await dago(["patch", graph.id, join(scratch, "absent.json")]);
    expect(noFile.code).toBe(8);
    expect((await h.service.get("default", graph.id)).nodes.b).toBeDefined();
  });
});
