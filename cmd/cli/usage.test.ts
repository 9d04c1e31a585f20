import { expect, it } from "vitest";
import { EXIT_CODE_DESCRIPTIONS } from "./exit-codes.js";
import { usageText } from "./usage.js";

it("lists every exit code with its description starting in one column", () => {
  const lines = usageText().split("\n");
  const rows = lines.slice(lines.indexOf("Exit codes:") + 1).filter((line) => line.trim() !== "");
  expect(rows.map((line) => Number(line.trim().split(" ")[0]))).toEqual(
    EXIT_CODE_DESCRIPTIONS.map(([code]) => code),
  );
  const columns = rows.map((line, i) => line.indexOf(EXIT_CODE_DESCRIPTIONS[i]?.[1] ?? "\0"));
  expect(new Set(columns).size).toBe(1);
});
