// Runs a Node.js script as its own process against the suite's private redis-server, with JSON logs, keeping
// everything it writes: the `dago` executable (dago-process.ts) or a script of the suite (a worker built on the
// SDK, say).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testRedisPort } from "./redis-port.js";

const DIE_WITH_PARENT = fileURLToPath(new URL("./die-with-parent.cjs", import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export function spawnNodeScript(
  script: URL | string,
  env: Record<string, string>,
  args: string[] = [],
): NodeProcess {
  let output = "";
  const path = typeof script === "string" ? script : script.pathname;
  const child = spawn(process.execPath, ["--require", DIE_WITH_PARENT, path, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      REDIS_URL: `redis://127.0.0.1:${testRedisPort()}`,
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      ...env,
    },
    // stdin is the pipe die-with-parent.cjs watches: it closes when this process is gone.
    stdio: ["pipe", "pipe", "pipe"],
  });
  (child.stdin as { unref?: () => void } | null)?.unref?.();
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
