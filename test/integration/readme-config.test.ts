// README's configuration table must list every variable the configuration module reads.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeConfig } from "../../internal/config/index.js";

it("README lists every configuration variable", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const missing = describeConfig()
    .map((v) => v.name)
    .filter((name) => !readme.includes(`| \`${name}\` |`));
  expect(missing).toEqual([]);
});
