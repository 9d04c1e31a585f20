// Tests that spawn the real `dago` executable need dist/ to match the sources; `make test` builds first, and this
// rebuilds when someone runs vitest directly after editing a source file.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
export const DAGO_BIN = join(ROOT, "dist/cmd/dago.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|lua|json|proto)$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

export function ensureBuilt(): void {
  const sources = Math.max(...["cmd", "internal", "pkg", "proto"].map((d) => newestSource(join(ROOT, d))));
  if (existsSync(DAGO_BIN) && statSync(DAGO_BIN).mtimeMs >= sources) return;
  // Several test processes may find dist/ stale at once: one lock so they never write it concurrently.
  execFileSync(
    "flock",
    [
      join(tmpdir(), "dago-build.lock"),
      "sh",
      "-c",
      "npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs",
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
}
