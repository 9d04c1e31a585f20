// As a user on a laptop: `dago serve --no-workers`, `dago worker` and `dago check` as separate processes with
// DAGO_EMBEDDED_REDIS=always share the one private redis-server of their data directory. Never 6379: each test has
// its own temporary data directory, and the server's port is a free one.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findFreePort } from "../../internal/redis/index.js";
import { DAGO_BIN, ensureBuilt } from "../helpers/build.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { waitUntil } from "../helpers/wait-until.js";

let dataDir: string;
const started: DagoProcess[] = [];

beforeEach(async () => {
  ensureBuilt();
  dataDir = await mkdtemp(join(tmpdir(), "dago-shared-redis-"));
});

afterEach(async () => {
  for (const process of started.splice(0)) {
    if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill("SIGKILL");
    await process.exited;
  }
  // A server left by a failed test stops once its users are gone; wait for that before removing its directory.
  await waitUntil("no redis-server on the data directory", () => serversOn(dataDir).length === 0, 30_000);
  await rm(dataDir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: "",
    DAGO_EMBEDDED_REDIS: "always",
    DAGO_DATA_DIR: dataDir,
    MOCK_LLM_LATENCY_MS: "5",
    DAGO_SHUTDOWN_GRACE_MS: "2000",
    ...extra,
  };
}

function start(args: string[], extra: Record<string, string> = {}): DagoProcess {
  const process = spawnDago(args, env(extra));
  started.push(process);
  return process;
}

async function startServe(): Promise<{ process: DagoProcess; url: string }> {
  const port = await findFreePort();
  const process = start(["serve", "--no-workers"], {
    DAGO_HTTP_PORT: String(port),
    DAGO_HTTP_HOST: "127.0.0.1",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `dago serve to be ready:\n${process.output()}`,
    () =>
      fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    60_000,
  );
  return { process, url };
}

async function waitWorking(process: DagoProcess): Promise<void> {
  await waitUntil(
    `the worker to start:\n${process.output()}`,
    () => process.output().includes('"msg":"worker pool started"'),
    60_000,
  );
}

/** Process ids of the redis-server processes whose working directory is `<dir>/redis` (the private server's). */
function serversOn(dir: string): number[] {
  const redisDir = join(dir, "redis");
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "redis-server") continue;
      if (readlinkSync(`/proc/${entry}/cwd`) === redisDir) pids.push(Number(entry));
    } catch {
      // Ended while being looked at.
    }
  }
  return pids;
}

/** How many times a redis-server started on the data directory: each start logs this line once. */
function serverStarts(dir: string): number {
  const log = join(dir, "redis", "redis.log");
  if (!existsSync(log)) return 0;
  return readFileSync(log, "utf8").split("Ready to accept connections").length - 1;
}

function addressFile(dir: string): { port: number; serverPid: number } {
  return JSON.parse(readFileSync(join(dir, "redis-server.json"), "utf8")) as {
    port: number;
    serverPid: number;
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

async function runReport(url: string): Promise<string> {
  const body = await readFile(new URL("../../examples/report.json", import.meta.url), "utf8");
  const res = await fetch(`${url}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await waitUntil(`graph ${id} to succeed`, async () => {
    const graph = (await (await fetch(`${url}/api/v1/graphs/${id}`)).json()) as { status: string };
    return graph.status === "succeeded";
  });
  return id;
}

function check(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DAGO_BIN, "check", ...args],
      { env: { PATH: process.env.PATH ?? "", ...env() }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the private redis-server shared by the processes of one data directory", () => {
  it("serves graphs submitted to serve to a separate worker, outlives the process that started it, and stops with the last one", async () => {
    // Started at the same instant: one of them starts the server, the other joins it.
    const worker = start(["worker"]);
    const serve = await startServe();
    await waitWorking(worker);
    expect(serversOn(dataDir)).toHaveLength(1);
    expect(serverStarts(dataDir)).toBe(1);
    const { port, serverPid } = addressFile(dataDir);

    const first = await runReport(serve.url);
    const checked = await check(["--graph", first, "--terminal"]);
    expect(checked.stdout).toBe("checked 1 graph (1 succeeded)\nno violations\n");
    expect(checked.stderr).toContain(`checking the private redis-server at 127.0.0.1:${port}`);
    expect(checked.code).toBe(0);

    // The first API process goes away; the worker, and a new API process, keep using the same server.
    serve.process.child.kill("SIGTERM");
    expect(await serve.process.exited).toBe(0);
    expect(isAlive(serverPid)).toBe(true);
    const second = await startServe();
    expect(second.process.output()).toContain(
      '"msg":"using the private redis-server that runs for this data directory"',
    );
    const graph = await runReport(second.url);
    expect((await check(["--graph", graph])).code).toBe(0);
    expect(serversOn(dataDir)).toEqual([serverPid]);
    expect(serverStarts(dataDir)).toBe(1);

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(isAlive(serverPid)).toBe(true);
    second.process.child.kill("SIGTERM");
    expect(await second.process.exited).toBe(0);
    // The last one out waits until the server has stopped.
    expect(isAlive(serverPid)).toBe(false);
    expect(existsSync(join(dataDir, "redis-server.json"))).toBe(false);
    const after = await check();
    expect(after.code).toBe(6);
    expect(after.stderr).toMatch(/no private redis-server runs for DAGO_DATA_DIR .* does not start one/);
    expect(serversOn(dataDir)).toEqual([]);
  }, 180_000);

  it("stops the server by itself when every process using it was SIGKILLed", async () => {
    const processes = [start(["worker"]), start(["worker"]), start(["worker"])];
    for (const process of processes) await waitWorking(process);
    expect(serverStarts(dataDir)).toBe(1);
    const { serverPid } = addressFile(dataDir);
    expect(serversOn(dataDir)).toEqual([serverPid]);

    for (const process of processes) process.child.kill("SIGKILL");
    for (const process of processes) await process.exited;
    await waitUntil("the server to stop with its last user gone", () => !isAlive(serverPid), 30_000);
    expect(serversOn(dataDir)).toEqual([]);
    await waitUntil("the address file to be removed", () => !existsSync(join(dataDir, "redis-server.json")));
  }, 120_000);

  it("keeps running for the others when the process that started it is SIGKILLed", async () => {
    const starter = start(["worker"]);
    await waitWorking(starter);
    const serve = await startServe();
    const { serverPid } = addressFile(dataDir);
    starter.child.kill("SIGKILL");
    await starter.exited;
    // The supervisor looks every second; it must find the API process still there.
    const other = start(["worker"]);
    await waitWorking(other);
    await runReport(serve.url);
    expect(serversOn(dataDir)).toEqual([serverPid]);
    expect(serverStarts(dataDir)).toBe(1);
  }, 120_000);
});
