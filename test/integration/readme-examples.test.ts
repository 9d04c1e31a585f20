// Every example file README's commands name must be there and mean what the README says: a command run as
// written on a fresh clone must not stop at "cannot read examples/...". A line that says the example is refused
// shows an invalid graph on purpose; every other example is a valid graph.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { detectFormat, parseSpecText, validateGraph } from "../../internal/domain/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const EXAMPLE_PATH = /examples\/[A-Za-z0-9_.-]+\.(?:json|ya?ml)\b/g;

/** Each example path README names, with whether a line naming it says it is refused. */
function namedExamples(): Map<string, boolean> {
  const refused = new Map<string, boolean>();
  for (const line of README.split("\n")) {
    for (const path of line.match(EXAMPLE_PATH) ?? []) {
      refused.set(path, (refused.get(path) ?? false) || /\brefused\b/.test(line));
    }
  }
  return refused;
}

it("README names example files", () => {
  expect(namedExamples().size).toBeGreaterThan(0);
});

it.each([...namedExamples()])("%s exists and is valid unless README says it is refused", (path, refused) => {
  const file = join(ROOT, path);
  expect(existsSync(file), `${path} is named in README.md but missing`).toBe(true);
  const parsed = parseSpecText(readFileSync(file, "utf8"), detectFormat(path));
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const { valid, errors } = validateGraph(parsed.value);
  expect({ valid, errors: refused ? [] : errors }).toEqual({ valid: !refused, errors: [] });
});
