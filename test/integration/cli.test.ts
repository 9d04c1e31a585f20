// The real `dago` executable as a child process: what a user or a script sees, exit codes included. The
// suite's global setup has built dist/ already. Commands that need a running server are tested elsewhere.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DAGO_BIN } from "../helpers/build.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXAMPLES = join(ROOT, "examples");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function dago(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // A clean environment: a DAGO_URL or log setting of the machine running the tests must not leak in.
    const childEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env };
    execFile(
      process.execPath,
      [DAGO_BIN, ...args],
      { env: childEnv, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") {
          reject(err);
          return;
        }
        resolve({ code: typeof err?.code === "number" ? err.code : 0, stdout, stderr });
      },
    );
  });
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

const scratch = mkdtempSync(join(tmpdir(), "dago-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe("dago CLI", () => {
  it("--help lists every command and the exit codes, and exits 0", async () => {
    const { code, stdout } = await dago(["--help"]);
    expect(code).toBe(0);
    for (const command of [
      "serve",
      "worker",
      "submit",
      "validate",
      "status",
      "events",
      "list",
      "cancel",
      "pause",
      "resume",
      "retry",
      "patch",
      "workers",
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
    expect(stdout).toContain("Exit codes:");
    for (let exit = 0; exit <= 8; exit++) expect(stdout).toMatch(new RegExp(`^  ${exit}  \\S`, "m"));
  });

  it("--version prints the package version", async () => {
    const { code, stdout } = await dago(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^dago \d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown command, an unknown flag or a missing argument", async () => {
    const unknown = await dago(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('dago: unknown command "frobnicate"');
    expect(unknown.stdout).toBe("");
    expect((await dago(["validate", "x.json", "--bogus"])).code).toBe(2);
    expect((await dago(["status"])).code).toBe(2);
    expect((await dago([])).code).toBe(2);
  });

  it("validate accepts every example but the cyclic one, and prints the levels", async () => {
    const report = await dago(["validate", join(EXAMPLES, "report.json")]);
    expect(report).toMatchObject({ code: 0, stderr: "" });
    expect(report.stdout).toContain("valid: 4 nodes in 3 levels");
    expect(report.stdout).toContain("level 0: outline\n  level 1: a, b\n  level 2: final");

    const yaml = await dago(["validate", join(EXAMPLES, "report.yaml")]);
    expect(yaml.stdout).toBe(report.stdout);

    const fanOut = await dago(["validate", join(EXAMPLES, "fan-out.json")]);
    expect(fanOut.code).toBe(0);
    expect(fanOut.stdout).toContain("valid: 10 nodes in 3 levels");

    const cyclic = await dago(["validate", join(EXAMPLES, "cyclic.json")]);
    expect(cyclic.code).toBe(3);
    expect(cyclic.stdout).toMatch(/cycle: a -> c -> b -> a/);
  });

  it("validate exits 3 and names the cycle", async () => {
    const file = scratchFile(
      "cycle.json",
      JSON.stringify({
        name: "loop",
        nodes: [
          { id: "a", type: "noop", dependsOn: ["b"] },
          { id: "b", type: "noop", dependsOn: ["a"] },
          { id: "c", type: "noop" },
        ],
      }),
    );
    const { code, stdout } = await dago(["validate", file]);
    expect(code).toBe(3);
    expect(stdout).toContain("a: cycle: a -> b -> a");
    expect(stdout).toContain("level 0: c");

    const json = await dago(["validate", file, "--json"]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      errors: [{ code: "cycle", cycle: ["a", "b", "a"] }],
    });
  });

  it("validate warns of a type one slip from a built-in one, which the server refuses unless a worker serves it", async () => {
    const file = scratchFile(
      "slip.json",
      JSON.stringify({
        name: "slip",
        nodes: [
          { id: "a", type: "lm", prompt: "hi" },
          { id: "b", type: "fetch-page" },
        ],
      }),
    );
    const { code, stdout, stderr } = await dago(["validate", file]);
    expect(code).toBe(0);
    expect(stdout).toContain("valid: 2 nodes in 1 level");
    expect(stderr).toBe(
      'dago: warning: unknown_type: node a: node type "lm" is not built in: did you mean "llm"? ' +
        'The server refuses it unless a live worker serves "lm"\n',
    );
  });

  it("validate prints every issue as node: code: message", async () => {
    const file = scratchFile(
      "issues.yaml",
      "name: bad\nnodes:\n  - id: a\n    type: noop\n    dependsOn: [ghost]\n  - id: a\n    type: noop\n",
    );
    const { code, stdout } = await dago(["validate", file]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^ {2}a: unknown_dependency: /m);
    expect(stdout).toMatch(/^ {2}a: duplicate_node_id: /m);
  });

  it("submit exits 6 when the server cannot be reached, naming the URL", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const { code, stdout, stderr } = await dago(["submit", join(EXAMPLES, "report.json"), "--url", url]);
    expect(code).toBe(6);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^dago: .*${url}/api/v1/graphs`));

    const fromEnv = await dago(["status", "g1"], { DAGO_URL: url });
    expect(fromEnv.code).toBe(6);
    expect(fromEnv.stderr).toContain(url);
  });

  it("exits 8 for a file it cannot read or parse", async () => {
    const missing = await dago(["submit", join(scratch, "missing.json"), "--url", "http://127.0.0.1:9"]);
    expect(missing.code).toBe(8);
    expect(missing.stderr).toContain("dago: cannot read");
    expect((await dago(["validate", scratch])).code).toBe(8);
    const broken = await dago(["validate", scratchFile("broken.json", '{"name": ')]);
    expect(broken.code).toBe(8);
    expect(broken.stderr).toMatch(/^dago: cannot parse .*broken\.json as JSON/);
  });

  it("exits 7 when the configuration is invalid", async () => {
    const { code, stderr } = await dago(["status", "g1"], { DAGO_URL: "not a url" });
    expect(code).toBe(7);
    expect(stderr).toContain("DAGO_URL");
  });
});
