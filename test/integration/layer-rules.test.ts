// The layer rules in biome.json (noRestrictedImports per folder) are what `make lint` enforces. This lints a
// scratch tree laid out like the repository, holding one import of each kind, with the repository's own biome.json,
// and checks that exactly the forbidden imports are reported, each with its rule's message.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const BIOME = join(ROOT, "node_modules/.bin/biome");

/** One scratch file per layer: each import line is either allowed or must be reported. */
const FILES: Record<string, Array<{ from: string; forbidden: boolean }>> = {
  "internal/domain/sample.ts": [
    { from: "./fold.js", forbidden: false },
    { from: "yaml", forbidden: false },
    { from: "node:fs", forbidden: true },
    { from: "ioredis", forbidden: true },
    { from: "pino", forbidden: true },
    { from: "../store/keys.js", forbidden: true },
    { from: "../contract/index.js", forbidden: true },
  ],
  "internal/contract/sample.ts": [
    { from: "./ws-messages.js", forbidden: false },
    { from: "../domain/events.js", forbidden: false },
    { from: "node:net", forbidden: true },
    { from: "ws", forbidden: true },
    { from: "../service/index.js", forbidden: true },
    { from: "../store/keys.js", forbidden: true },
  ],
  "internal/store/sample.ts": [
    { from: "ioredis", forbidden: false },
    { from: "../domain/events.js", forbidden: false },
    { from: "../redis/index.js", forbidden: false },
  ],
  "internal/redis/sample.ts": [{ from: "ioredis", forbidden: false }],
  "internal/service/sample.ts": [
    { from: "../store/index.js", forbidden: false },
    { from: "ioredis", forbidden: true },
  ],
  "internal/worker/sample.ts": [
    { from: "../store/index.js", forbidden: false },
    { from: "ioredis", forbidden: true },
  ],
  "internal/worker/worker-pool.ts": [
    { from: "../store/ready-queue.js", forbidden: false },
    { from: "ioredis", forbidden: true },
  ],
  "internal/api/http/routes.ts": [
    { from: "../../service/index.js", forbidden: false },
    { from: "../../contract/index.js", forbidden: false },
    { from: "../../store/index.js", forbidden: true },
    { from: "../../store/keys.js", forbidden: true },
    { from: "ioredis", forbidden: true },
  ],
  "internal/api/http/sample.ts": [
    { from: "express", forbidden: false },
    { from: "../../store/graph-store.js", forbidden: true },
  ],
  "internal/api/grpc/sample.ts": [{ from: "../../store", forbidden: true }],
  "web/src/live/sample.ts": [
    { from: "../../../internal/contract/index.js", forbidden: false },
    { from: "../../../internal/domain/state.js", forbidden: false },
    { from: "../../../pkg/client/http-client.js", forbidden: false },
    { from: "../../../internal/worker/output-delta.js", forbidden: true },
    { from: "../../../internal/service/types.js", forbidden: true },
    { from: "ioredis", forbidden: true },
  ],
  "pkg/client/sample.ts": [
    { from: "../../internal/contract/index.js", forbidden: false },
    { from: "../../internal/domain/events.js", forbidden: false },
    { from: "../../internal/errors/index.js", forbidden: true },
    { from: "../../internal/store/index.js", forbidden: true },
  ],
  "pkg/worker.ts": [
    { from: "../internal/app/index.js", forbidden: false },
    { from: "ioredis", forbidden: true },
  ],
  "cmd/cli/sample.ts": [{ from: "ioredis", forbidden: true }],
};

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string; start: { line: number } };
}

let dir: string;
let reported: Diagnostic[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dago-layers-"));
  const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8"));
  // The scratch tree is not a git checkout, so the ignore file cannot be read from git.
  config.vcs = { enabled: false };
  writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
  for (const [file, imports] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    const lines = imports.map((entry, i) => `import * as m${i} from "${entry.from}";`);
    lines.push(`export const all = [${imports.map((_, i) => `m${i}`).join(", ")}];`);
    writeFileSync(join(dir, file), `${lines.join("\n")}\n`);
  }
  const args = ["lint", "--reporter=json", "--max-diagnostics=1000", "."];
  // biome exits 1 when it reports anything, which is what this test wants to read.
  const result = await promisify(execFile)(BIOME, args, { cwd: dir }).catch((err: { stdout?: string }) => ({
    stdout: err.stdout ?? "",
  }));
  const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  reported = report.diagnostics.filter((d) => d.category === "lint/style/noRestrictedImports");
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("layer rules", () => {
  for (const [file, imports] of Object.entries(FILES)) {
    it(`${file}: reports exactly the forbidden imports`, () => {
      const lines = reported
        .filter((d) => d.location.path.replaceAll("\\", "/").endsWith(file))
        .map((d) => d.location.start.line)
        .sort((a, b) => a - b);
      const expected = imports.flatMap((entry, i) => (entry.forbidden ? [i + 1] : []));
      expect(lines, imports.map((entry, i) => `${i + 1}: ${entry.from}`).join("\n")).toEqual(expected);
    });
  }

  it("says why an import is forbidden", () => {
    const messages = new Set(reported.map((d) => d.message));
    expect([...messages].sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/only internal\/store .*Redis/),
        expect.stringMatching(/internal\/domain .*no I\/O/),
        expect.stringMatching(/transports .*never the store/),
        expect.stringMatching(/web\/ and pkg\/ import only internal\/contract and internal\/domain/),
      ]),
    );
  });
});
