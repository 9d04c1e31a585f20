// Drives HTTP load with autocannon in a child process (the load generator must not share the server's or the
// harness's CPU time) and reads its JSON report.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

export interface LoadReport {
  requestsPerSecond: number;
  ok: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export async function postLoad(
  url: string,
  body: string,
  connections: number,
  durationSeconds: number,
): Promise<LoadReport> {
  const args = [AUTOCANNON, "--json", "-c", String(connections), "-d", String(durationSeconds)];
  args.push("-m", "POST", "-H", "content-type=application/json", "-b", body, url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`autocannon exited with ${code}: ${stderr}`)),
    );
  });
  const report = JSON.parse(output) as {
    duration: number;
    "2xx": number;
    non2xx: number;
    errors: number;
    latency: { p50: number; p99: number };
  };
  return {
    requestsPerSecond: report["2xx"] / report.duration,
    ok: report["2xx"],
    errors: report.non2xx + report.errors,
    latencyP50Ms: report.latency.p50,
    latencyP99Ms: report.latency.p99,
  };
}
