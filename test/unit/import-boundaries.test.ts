// Who may import what across the wire contract. The dashboard (web/src) and the package users import (pkg/) see
// the server only through internal/contract and internal/domain, so neither can come to depend on how the server
// is built; internal/contract itself is pure shapes over the domain. pkg/worker.ts and pkg/grpc-client.ts are the
// exceptions: they wire server parts into the user's process.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(new URL("../../", import.meta.url).pathname);
const SERVER_WIRING = new Set(["pkg/worker.ts", "pkg/grpc-client.ts"]);
const CONTRACT_AND_DOMAIN = ["internal/contract/", "internal/domain/"];

interface Rule {
  /** Which files the rule is about. */
  covers(file: string): boolean;
  /** Whether `file` may import `target`: a repository path, or a package name when `target` is not relative. */
  allows(file: string, target: Import): boolean;
  why: string;
}

type Import = { path: string } | { pkg: string };

/** The source file of an import path written with its compiled name. */
const withTs = (path: string): string => path.replace(/\.js$/, ".ts");
const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);
const under = (target: Import, folders: readonly string[]): boolean =>
  "path" in target && folders.some((folder) => target.path.startsWith(folder));

const RULES: readonly Rule[] = [
  {
    covers: (file) => file.startsWith("web/src/"),
    allows: (_file, target) =>
      "pkg" in target ||
      under(target, ["web/src/", ...CONTRACT_AND_DOMAIN]) ||
      (under(target, ["pkg/"]) && !SERVER_WIRING.has(withTs(target.path))),
    why: "web/src imports only itself, internal/contract, internal/domain and pkg/ (not its server wiring)",
  },
  {
    covers: (file) => file.startsWith("pkg/") && !SERVER_WIRING.has(file),
    allows: (_file, target) => "pkg" in target || under(target, ["pkg/", ...CONTRACT_AND_DOMAIN]),
    why: "pkg/ (but worker.ts and grpc-client.ts) imports only itself, internal/contract and internal/domain",
  },
  {
    covers: (file) => file.startsWith("internal/contract/"),
    // Tests may use their runner; the contract itself is plain TypeScript, no package, no Node.js module.
    allows: (file, target) => under(target, CONTRACT_AND_DOMAIN) || ("pkg" in target && isTest(file)),
    why: "internal/contract imports only itself and internal/domain",
  },
];

/** The modules `text` imports, exports from or loads with import(): what the compiler would resolve. */
function importsOf(file: string, text: string): Import[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith(".")) return { pkg: fileName };
    return {
      path: relative(ROOT, resolve(ROOT, dirname(file), fileName))
        .split(sep)
        .join("/"),
    };
  });
}

/** Every import of `file` that a rule covering it refuses, as "file -> target: why". */
function refusedImports(file: string, text: string): string[] {
  const rules = RULES.filter((rule) => rule.covers(file));
  return importsOf(file, text).flatMap((target) =>
    rules
      .filter((rule) => !rule.allows(file, target))
      .map((rule) => `${file} -> ${"path" in target ? target.path : target.pkg}: ${rule.why}`),
  );
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

describe("import boundaries", () => {
  const files = ["web/src", "pkg", "internal/contract"].flatMap(sourceFiles);

  it("holds across web/src, pkg/ and internal/contract", () => {
    expect(files.filter((file) => file.startsWith("internal/contract/")).length).toBeGreaterThan(5);
    expect(files.filter((file) => file.startsWith("web/src/")).length).toBeGreaterThan(20);
    const refused = files.flatMap((file) => refusedImports(file, readFileSync(join(ROOT, file), "utf8")));
    expect(refused).toEqual([]);
  });

  it("refuses what crosses them, wherever the import is written", () => {
    const text = [
      'import type { Engine } from "../../../internal/engine/engine.js";',
      'export { loadConfig } from "../../../internal/config/index.js";',
      'const ws = await import("../../../internal/api/ws/index.js");',
      'import { foldEvents } from "../../../internal/domain/fold.js";',
      'import { WS_PATH } from "../../../internal/contract/ws-protocol.js";',
      'import { DagoClient } from "../../../pkg/client/http-client.js";',
    ].join("\n");
    expect(refusedImports("web/src/live/x.ts", text)).toEqual([
      expect.stringContaining("web/src/live/x.ts -> internal/engine/engine.js"),
      expect.stringContaining("-> internal/config/index.js"),
      expect.stringContaining("-> internal/api/ws/index.js"),
    ]);
    expect(refusedImports("web/src/x.ts", 'import { startWorker } from "../../pkg/worker.js";')).toHaveLength(
      1,
    );
    expect(refusedImports("pkg/client/x.ts", 'import { x } from "../../web/src/app.js";')).toHaveLength(1);
    expect(refusedImports("pkg/worker.ts", 'import { x } from "../internal/app/start-dago.js";')).toEqual([]);
    expect(refusedImports("internal/contract/x.ts", 'import { x } from "../errors/index.js";')).toHaveLength(
      1,
    );
    expect(refusedImports("internal/contract/x.ts", 'import { readFileSync } from "node:fs";')).toHaveLength(
      1,
    );
    expect(refusedImports("internal/contract/x.test.ts", 'import { it } from "vitest";')).toEqual([]);
  });
});
