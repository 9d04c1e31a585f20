// What a user outside the clone gets: `npm pack` makes the tarball, which is unpacked into a project elsewhere the
// way npm installs it (node_modules/dago, its bin linked), with its dependencies taken from this clone's
// node_modules so the test runs offline. The CLI runs from there, and the entry points import under their names.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};

let project: string;
let bin: string;

function node(args: string[], cwd = project): string {
  return execFileSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "dago-installed-"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", project], { cwd: ROOT, encoding: "utf8" }),
  ) as Array<{ filename: string }>;
  const tarball = join(project, packed[0]?.filename ?? "");
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "uses-dago", private: true, type: "module" }),
  );
  const installed = join(project, "node_modules", manifest.name);
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const dependency of Object.keys(manifest.dependencies)) {
    const link = join(project, "node_modules", dependency);
    mkdirSync(join(link, ".."), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", dependency), link);
  }
  mkdirSync(join(project, "node_modules", ".bin"));
  bin = join(project, "node_modules", ".bin", "dago");
  symlinkSync(join(installed, manifest.bin.dago ?? ""), bin);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

it("ships only what runs: no tests, no benchmarks, no build stamp", () => {
  const files = execFileSync("tar", ["-tzf", join(project, `${manifest.name}-${manifest.version}.tgz`)], {
    encoding: "utf8",
  }).split("\n");
  expect(files).toContain("package/dist/cmd/dago.js");
  expect(files).toContain("package/dist/web/index.html");
  expect(files.filter((f) => /\.test\.|\/bench\/|build-stamp|\/test\//.test(f))).toEqual([]);
});

it("runs the installed CLI", () => {
  expect(node([bin, "--version"]).trim()).toBe(`dago ${manifest.version}`);
  writeFileSync(
    join(project, "graph.json"),
    JSON.stringify({ name: "x", nodes: [{ id: "a", type: "noop" }] }),
  );
  expect(node([bin, "validate", "graph.json"])).toContain("valid");
});

it("imports dago, dago/worker and dago/grpc by name", () => {
  writeFileSync(
    join(project, "imports.mjs"),
    [
      'import { DagoClient, validateGraph } from "dago";',
      'import { startWorker, NodeExecutionError } from "dago/worker";',
      'import { DagoGrpcClient } from "dago/grpc";',
      "console.log(JSON.stringify([DagoClient, validateGraph, startWorker, NodeExecutionError, DagoGrpcClient]",
      "  .map((f) => typeof f)));",
      'console.log(new DagoClient({ baseUrl: "http://localhost:8080/" }).baseUrl);',
    ].join("\n"),
  );
  const [types, baseUrl] = node(["imports.mjs"]).trim().split("\n");
  expect(JSON.parse(types ?? "")).toEqual(["function", "function", "function", "function", "function"]);
  expect(baseUrl).toBe("http://localhost:8080");
});

it("keeps the tarball `npm pack` writes in the clone out of git status", () => {
  const tarball = `${manifest.name}-${manifest.version}.tgz`;
  // check-ignore exits 1, and execFileSync throws, when git would list the file as untracked.
  expect(() => execFileSync("git", ["check-ignore", "--quiet", tarball], { cwd: ROOT })).not.toThrow();
});
