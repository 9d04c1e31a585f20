// Runs the real `dago` executable as a child process against the suite's private redis-server.
import { type ChildProcess, spawn } from "node:child_process";
import { DAGO_BIN } from "./build.js";
import { testRedisPort } from "./redis-port.js";

export interface DagoProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export function spawnDago(args: string[], env: Record<string, string>): DagoProcess {
  let output = "";
  const child = spawn(process.execPath, [DAGO_BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      REDIS_URL: `redis://127.0.0.1:${testRedisPort()}`,
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      // A free port rather than 9090, so parallel tests (and a dago on this machine) never collide.
      DAGO_GRPC_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, output: () => output, exited };
}
