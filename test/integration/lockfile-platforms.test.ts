// The committed package-lock.json must be the one `npm install` writes here. npm records a package's optional
// platform builds (esbuild-style @scope/pkg-linux-x64 and the like) in the lock file even when they do not fit the
// machine; a lock file written without them makes every `npm install` (and `make run`) rewrite it.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

interface LockedPackage {
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8")) as {
  packages: Record<string, LockedPackage>;
};

/** Where npm finds `name` for the package at `path`: its own node_modules, then each enclosing one. */
function resolves(path: string, name: string): boolean {
  let dir = path;
  for (;;) {
    if (lock.packages[`${dir === "" ? "" : `${dir}/`}node_modules/${name}`] !== undefined) return true;
    if (dir === "") return false;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

it("locks every optional dependency that a locked package lists, whatever the platform", () => {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(path, name)) missing.push(`${path || "(root)"} -> ${name}`);
    }
  }
  expect(missing).toEqual([]);
});
