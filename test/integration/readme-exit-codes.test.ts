// README's CLI section lists the exit codes a script may branch on; a code added to the table must appear there.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { EXIT_CODE_DESCRIPTIONS } from "../../cmd/cli/exit-codes.js";

it("README's exit code list names every exit code", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("`dago --help` lists the exit codes:");
  expect(start).toBeGreaterThanOrEqual(0);
  const list = readme.slice(start, readme.indexOf("`dago submit` prints", start)).replace(/\s+/g, " ");
  const missing = EXIT_CODE_DESCRIPTIONS.map(([code]) => code).filter(
    (code) => !new RegExp(`(^|[^0-9])${code} [A-Za-z\`]`).test(list),
  );
  expect(missing).toEqual([]);
});
