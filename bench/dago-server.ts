// A real `dago serve --no-workers` process for the HTTP submission workload, so the load generator, the server
// and the harness are three processes, as in production.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dagoEnv } from "./dago-target.js";

// Compiled, this file is dist/bench/dago-server.js; run from source (the smoke test), it is bench/dago-server.ts.
const DAGO_BIN = fileURLToPath(
  new URL(import.meta.url.endsWith(".ts") ? "../dist/cmd/dago.js" : "../cmd/dago.js", import.meta.url),
);

export interface DagoServer {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startDagoServer(redisPort: number): Promise<DagoServer> {
  const env = dagoEnv(redisPort, { LOG_LEVEL: "info" });
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/dago-prof" to profile the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter((a) => a !== "") ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, DAGO_BIN, "serve", "--no-workers"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    let listening = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      // Read (so the server never blocks on a full pipe) but only kept until the server listens.
      if (listening) return;
      output += chunk.toString();
      const match = /"msg":"HTTP API listening".*?"port":(\d+)/.exec(output);
      if (match) {
        listening = true;
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`dago serve exited with ${code} before listening:\n${output}`)),
    );
  });
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
