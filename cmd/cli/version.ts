// The version printed by --version: the one in the package's own package.json, found by walking up from this
// file, since the compiled file sits one directory deeper than the source.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const version = versionIn(join(dir, "package.json"));
    if (version !== undefined) return version;
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

function versionIn(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    return pkg.name === "dago" && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
