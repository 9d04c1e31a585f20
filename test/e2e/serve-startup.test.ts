// `dago serve` as a user starts it, failing for the ordinary reasons of a first hour: a busy port, no Redis, no
// redis-server. Each ends with its own exit code and one line on stderr, leaves nothing running, and a start with
// API keys says where it listens and why.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../cmd/cli/exit-codes.js";
import { pingRedis } from "../../internal/redis/index.js";
import { workersKey } from "../../internal/store/keys.js";
import { DAGO_BIN } from "../helpers/build.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

let redis: Redis;
let dataDir: string;
const holders: Server[] = [];

beforeAll(() => {
  redis = new Redis({ host: "127.0.0.1", port: testRedisPort() });
  dataDir = mkdtempSync(join(tmpdir(), "dago-startup-"));
});

afterAll(async () => {
  for (const holder of holders) holder.close();
  redis.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Another program on a port: a plain TCP server on 127.0.0.1 that the OS picked a port for. */
function holdPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const holder = createServer();
    holder.once("error", reject);
    holder.listen(0, "127.0.0.1", () => {
      holders.push(holder);
      const address = holder.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

/** Whether this process can listen on the port: nothing else holds it any more. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

interface Ended {
  code: number | string;
  stdout: string;
  stderr: string;
}

/** Runs `dago serve` to its end, keeping stdout (the log) and stderr (what the user is told) apart. */
async function serveUntilExit(env: Record<string, string>): Promise<Ended & { proc: DagoProcess }> {
  const proc = spawnDago(["serve"], { DAGO_HTTP_HOST: "127.0.0.1", DAGO_HTTP_PORT: "0", ...env });
  let stdout = "";
  let stderr = "";
  proc.child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  proc.child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await proc.exited;
  return { proc, code, stdout, stderr };
}

function logEntry(stdout: string, msg: string): Record<string, unknown> | undefined {
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry.msg === msg) return entry;
  }
  return undefined;
}

function expectOneLine(ended: Ended, pattern: RegExp): void {
  const lines = ended.stderr.trimEnd().split("\n");
  expect(lines, ended.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(ended.stderr).not.toMatch(/unexpected error|\n\s+at /);
}

function cli(args: string[], env: Record<string, string>): Promise<Ended> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DAGO_BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe("dago serve start-up failures", () => {
  it("fails on a busy HTTP port, naming it, and frees the gRPC port it had bound", async () => {
    const httpPort = await holdPort();
    const prefix = uniquePrefix();
    const ended = await serveUntilExit({ DAGO_HTTP_PORT: String(httpPort), DAGO_KEY_PREFIX: prefix });
    expect(ended.code, ended.stdout).toBe(EXIT_CODES.listenFailed);
    expectOneLine(
      ended,
      new RegExp(
        `^dago: HTTP port ${httpPort} on 127\\.0\\.0\\.1 is in use by another program: stop it or set DAGO_HTTP_PORT$`,
      ),
    );
    expect(logEntry(ended.stdout, "HTTP API listening")).toBeUndefined();
    const grpcPort = Number(logEntry(ended.stdout, "gRPC API listening")?.port);
    expect(grpcPort).toBeGreaterThan(0);
    expect(await isFree(grpcPort)).toBe(true);
    expect(await redis.zcard(workersKey(prefix))).toBe(0);
  });

  it("stops the private redis-server it started when the HTTP port is busy", async () => {
    const httpPort = await holdPort();
    const ended = await serveUntilExit({
      DAGO_HTTP_PORT: String(httpPort),
      REDIS_URL: "",
      DAGO_EMBEDDED_REDIS: "always",
      DAGO_DATA_DIR: join(dataDir, "busy-http"),
    });
    expect(ended.code, ended.stdout).toBe(EXIT_CODES.listenFailed);
    expectOneLine(ended, new RegExp(`^dago: HTTP port ${httpPort} on 127\\.0\\.0\\.1 is in use`));
    const started = logEntry(ended.stdout, "started private redis-server");
    expect(started, ended.stdout).toBeDefined();
    expect(await pingRedis("127.0.0.1", Number(started?.port), 1000)).toBe(false);
    expect(() => process.kill(Number(started?.pid), 0)).toThrow();
  });

  it("fails on a busy gRPC port with one line naming it, grpc-js's own report kept off stderr", async () => {
    const grpcPort = await holdPort();
    const httpPort = await closedPort();
    const prefix = uniquePrefix();
    const ended = await serveUntilExit({
      DAGO_GRPC_PORT: String(grpcPort),
      DAGO_HTTP_PORT: String(httpPort),
      DAGO_KEY_PREFIX: prefix,
    });
    expect(ended.code, ended.stdout).toBe(EXIT_CODES.listenFailed);
    expectOneLine(
      ended,
      new RegExp(
        `^dago: gRPC port ${grpcPort} on 127\\.0\\.0\\.1 is in use by another program: stop it or set DAGO_GRPC_PORT$`,
      ),
    );
    expect(await isFree(httpPort)).toBe(true);
    expect(await redis.zcard(workersKey(prefix))).toBe(0);
  });

  it("fails with its own code when the configured Redis does not answer", async () => {
    const port = await closedPort();
    const ended = await serveUntilExit({ REDIS_URL: "", REDIS_ADDR: `127.0.0.1:${port}` });
    expect(ended.code, ended.stdout).toBe(EXIT_CODES.redisUnreachable);
    expectOneLine(
      ended,
      new RegExp(
        `^dago: Redis at 127\\.0\\.0\\.1:${port} did not answer within 10 s \\(connect ECONNREFUSED [^)]+\\): ` +
          "start it, or point REDIS_ADDR or REDIS_URL at a running Redis$",
      ),
    );
  });

  it("fails with its own code when redis-server is not on PATH to start a private Redis", async () => {
    const emptyBin = join(dataDir, "empty-bin");
    const ended = await serveUntilExit({
      PATH: emptyBin,
      REDIS_URL: "",
      DAGO_EMBEDDED_REDIS: "always",
      DAGO_DATA_DIR: join(dataDir, "no-redis-server"),
    });
    expect(ended.code, ended.stdout).toBe(EXIT_CODES.redisServerMissing);
    expectOneLine(ended, /^dago: redis-server was not found on PATH; install it .*REDIS_ADDR or REDIS_URL/);
  });
});

describe("dago serve with API keys", () => {
  const writeKey = "walkthrough-write-key-0123456789";
  const readKey = "walkthrough-read-key-0123456789a";
  let url: string;
  let served: Awaited<ReturnType<typeof startServed>>;

  beforeAll(async () => {
    served = await startServed([], {
      // Unset, as in the README's walkthrough: the keys choose the address.
      DAGO_HTTP_HOST: "",
      DAGO_API_KEYS: `acme=${writeKey},acme:read=${readKey}`,
      DAGO_KEY_PREFIX: uniquePrefix(),
    });
    url = served.url;
  });

  afterAll(async () => {
    served.proc.child.kill("SIGTERM");
    await served.proc.exited;
  });

  it("says at start-up that it listens on 0.0.0.0 because of the keys, and how to keep loopback", async () => {
    // The start-up lines after "HTTP API listening" may still be on their way through the pipe.
    const findLine = () =>
      served.proc
        .output()
        .split("\n")
        .find((l) => l.includes("DAGO_HTTP_HOST=127.0.0.1"));
    for (let waited = 0; findLine() === undefined && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const line = findLine();
    expect(line, served.proc.output()).toBeDefined();
    const entry = JSON.parse(line as string) as { level: string; msg: string; host: string };
    expect(entry.host).toBe("0.0.0.0");
    expect(entry.msg).toMatch(
      /API keys are set \(DAGO_API_KEYS or DAGO_API_KEYS_FILE\), so the HTTP and gRPC APIs listen on 0\.0\.0\.0/,
    );
    expect(logEntry(served.proc.output(), "HTTP API listening")?.host).toBe("0.0.0.0");
  });

  it("tells a CLI user without a key to set DAGO_API_KEY", async () => {
    const result = await cli(["list"], { DAGO_URL: url });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe(
      "dago: the server requires an API key: set DAGO_API_KEY to one of the server's keys (DAGO_API_KEYS or DAGO_API_KEYS_FILE)\n",
    );
  });

  it("tells a CLI user whose key is unknown that the key in DAGO_API_KEY was refused", async () => {
    const result = await cli(["list"], { DAGO_URL: url, DAGO_API_KEY: "not-a-key-of-this-server" });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(
      /^dago: the server refused the API key in DAGO_API_KEY \(.+\): set DAGO_API_KEY/,
    );
  });

  it("tells a CLI user whose key's role is too low so, and runs the graph with a write key", async () => {
    const refused = await cli(["submit", "examples/report.json"], { DAGO_URL: url, DAGO_API_KEY: readKey });
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toMatch(
      /^dago: the role of the API key in DAGO_API_KEY does not allow this \(this API key is read-only\): use a key with a higher role/,
    );
    const submitted = await cli(["submit", "examples/report.json", "--wait"], {
      DAGO_URL: url,
      DAGO_API_KEY: writeKey,
    });
    expect(submitted.stderr).toBe("");
    expect(submitted.code).toBe(0);
    const listed = await cli(["list"], { DAGO_URL: url, DAGO_API_KEY: readKey });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(submitted.stdout.trim().split(/\s+/)[0]);
  });
});
