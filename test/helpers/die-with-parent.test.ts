// The processes the suite spawns end once the process that spawned them is gone.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { waitUntil } from "./wait-until.js";

const PRELOAD = fileURLToPath(new URL("./die-with-parent.cjs", import.meta.url));

/** Running, as opposed to gone or a zombie nobody reaped yet (its state in /proc is Z). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

it("a spawned process ends when its parent is killed, and runs on while the parent lives", async () => {
  // The parent spawns a child that would run forever, as spawnNodeScript does, prints its pid and waits.
  const parentScript = `
    const { spawn } = require("node:child_process");
    const child = spawn(process.execPath, ["--require", ${JSON.stringify(PRELOAD)}, "-e", "setInterval(() => {}, 1000)"],
      { stdio: ["pipe", "ignore", "ignore"] });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ["-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
  const pid = await new Promise<number>((resolve) => {
    parent.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  expect(pid).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(alive(pid)).toBe(true);
  parent.kill("SIGKILL");
  await waitUntil("the orphaned child to end", () => !alive(pid), 10_000);
});
