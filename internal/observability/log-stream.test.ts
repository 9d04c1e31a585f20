import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The test suite's global setup builds dist/, so a plain node process can load the logger as dago runs it.
const LOGGER = fileURLToPath(new URL("../../dist/internal/observability/index.js", import.meta.url));

function runScript(script: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout })));
}

it("has written every line to a pipe before process.exit returns", async () => {
  // Two megabytes overflow the pipe many times over; lines still queued in the process would be lost.
  const { code, stdout } = await runScript(`
    import { createLogger } from ${JSON.stringify(LOGGER)};
    const logger = createLogger({ level: "info", format: "json" });
    for (let i = 0; i < 2000; i++) logger.info("line", { i, pad: "x".repeat(1000) });
    logger.warn("last words");
    process.exit(3);
  `);
  expect(code).toBe(3);
  const lines = stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(2001);
  expect(lines.slice(0, 2000).map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(
    Array.from({ length: 2000 }, (_, i) => i),
  );
  expect(JSON.parse(lines[2000] ?? "")).toMatchObject({ level: "warn", msg: "last words" });
});
