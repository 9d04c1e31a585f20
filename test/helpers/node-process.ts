// Runs a Node.js script of the test suite (a worker built on the SDK, say) as its own process against the suite's
// private redis-server, with the same output capture as the `dago` executable.
import { spawn } from "node:child_process";
import type { DagoProcess } from "./dago-process.js";
import { testRedisPort } from "./redis-port.js";

export function spawnNodeScript(script: URL, env: Record<string, string>): DagoProcess {
  let output = "";
  const child = spawn(process.execPath, [script.pathname], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      REDIS_URL: `redis://127.0.0.1:${testRedisPort()}`,
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, output: () => output, exited };
}
