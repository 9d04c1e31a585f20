import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config, EmbeddedRedisMode } from "../../internal/config/index.js";
import { loadConfig } from "../../internal/config/index.js";
import { createLogger } from "../../internal/observability/index.js";
import { createRedis, ensureRedis, findFreePort, pingRedis } from "../../internal/redis/index.js";
import { testRedisPort } from "../helpers/redis-port.js";

const lines: string[] = [];
const logger = createLogger({
  level: "debug",
  format: "json",
  stream: { write: (l: string) => lines.push(l) },
});

let dataDir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  lines.length = 0;
  dataDir = await mkdtemp(join(tmpdir(), "dago-embedded-"));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

function configFor(port: number, embedded: EmbeddedRedisMode, extra: Record<string, string> = {}) {
  const config: Config = loadConfig(
    { REDIS_ADDR: "", DAGO_EMBEDDED_REDIS: embedded, DAGO_DATA_DIR: dataDir, ...extra },
    { isTty: false },
  );
  // Only the port differs from the defaults; tests never use the default 6379.
  return { dataDir: config.dataDir, redis: { ...config.redis, port, host: "127.0.0.1" } };
}

describe("ensureRedis", () => {
  it("syncs the append-only file as DAGO_EMBEDDED_REDIS_FSYNC says (everysec unless told always)", async () => {
    for (const fsync of ["everysec", "always"]) {
      const port = await findFreePort();
      const ensured = await ensureRedis(
        configFor(port, "auto", { DAGO_EMBEDDED_REDIS_FSYNC: fsync }),
        logger,
      );
      const client = createRedis(ensured.config);
      expect(await client.config("GET", "appendfsync")).toEqual(["appendfsync", fsync]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
      client.disconnect();
      // The setting is the starter's: the next start must find no server running for this data directory.
      await ensured.stop();
    }
  });

  it("starts a private, persistent redis-server when nothing answers", async () => {
    const port = await findFreePort();
    const ensured = await ensureRedis(configFor(port, "auto"), logger);
    cleanups.push(() => ensured.stop());

    expect(ensured.embedded).toBe(true);
    expect(ensured.config).toMatchObject({ host: "127.0.0.1", port, tls: false, keyPrefix: "dago" });
    expect(await pingRedis("127.0.0.1", port, 1000)).toBe(true);

    const client = createRedis(ensured.config, { name: "embedded test" });
    await client.set("k", "v");
    expect(await client.get("k")).toBe("v");
    expect(await client.client("GETNAME")).toBe("dago:embedded-test");
    client.disconnect();

    const redisDir = join(dataDir, "redis");
    expect(existsSync(join(redisDir, "redis.log"))).toBe(true);
    const entries = readdirSync(redisDir);
    expect(entries.some((e) => e === "appendonlydir" || e.endsWith(".aof"))).toBe(true);
    expect(
      lines.some((l) => l.includes('"msg":"started private redis-server"') && l.includes(`"port":${port}`)),
    ).toBe(true);

    await ensured.stop();
    expect(await pingRedis("127.0.0.1", port, 500)).toBe(false);
  });

  it("keeps data across a stop and a new start in the same data directory", async () => {
    const port = await findFreePort();
    const first = await ensureRedis(configFor(port, "auto"), logger);
    const writer = createRedis(first.config);
    await writer.set("durable", "yes");
    writer.disconnect();
    await first.stop();

    const second = await ensureRedis(configFor(port, "auto"), logger);
    cleanups.push(() => second.stop());
    const reader = createRedis(second.config);
    expect(await reader.get("durable")).toBe("yes");
    reader.disconnect();
  });

  it("uses a Redis that already answers in auto mode", async () => {
    const port = testRedisPort();
    const config = configFor(port, "auto");
    const ensured = await ensureRedis(config, logger);
    expect(ensured.embedded).toBe(false);
    expect(ensured.config).toBe(config.redis);
    expect(existsSync(join(dataDir, "redis"))).toBe(false);
  });

  it("starts nothing in never mode", async () => {
    const port = await findFreePort();
    const config = configFor(port, "never");
    const ensured = await ensureRedis(config, logger);
    expect(ensured.embedded).toBe(false);
    expect(ensured.config).toBe(config.redis);
    expect(await pingRedis("127.0.0.1", port, 500)).toBe(false);
    await ensured.stop();
  });

  it("starts nothing when the address was given explicitly", async () => {
    const port = await findFreePort();
    const config = configFor(port, "always", { REDIS_ADDR: `127.0.0.1:${port}` });
    expect(config.redis.explicit).toBe(true);
    const ensured = await ensureRedis(config, logger);
    expect(ensured.config).toBe(config.redis);
    expect(await pingRedis("127.0.0.1", port, 500)).toBe(false);
  });

  it("in always mode starts a private server on another port when the configured one is taken", async () => {
    const port = testRedisPort();
    const ensured = await ensureRedis(configFor(port, "always"), logger);
    cleanups.push(() => ensured.stop());
    expect(ensured.embedded).toBe(true);
    expect(ensured.config.port).not.toBe(port);
    expect(await pingRedis("127.0.0.1", ensured.config.port, 1000)).toBe(true);
  });

  it("explains how to install redis-server when it is not on PATH", async () => {
    const port = await findFreePort();
    const attempt = ensureRedis(configFor(port, "auto"), logger, { searchPath: join(dataDir, "empty-bin") });
    await expect(attempt).rejects.toThrow(/redis-server was not found on PATH/);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server/);
    await expect(attempt).rejects.toThrow(/brew install redis/);
  });

  it("reports the log's tail when redis-server cannot start", async () => {
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    cleanups.push(() => new Promise((done) => blocker.close(() => done())));
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;

    // Something that is not Redis holds the port, so the private server cannot bind it.
    await expect(ensureRedis(configFor(port, "auto"), logger)).rejects.toThrow(
      /redis-server exited.*last lines of .*redis\.log:[\s\S]*Address already in use/,
    );
  });
});

/** How many times a redis-server started on the data directory: each start logs this line once. */
function serverStarts(): number {
  const log = join(dataDir, "redis", "redis.log");
  if (!existsSync(log)) return 0;
  return readFileSync(log, "utf8").split("Ready to accept connections").length - 1;
}

/** The id of a process that has ended, as a lock or an address file left by a SIGKILLed process names. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(ended.stdout.toString());
}

describe("ensureRedis with several users of one data directory", () => {
  it("starts one server for users that arrive at the same instant, and stops it when the last one leaves", async () => {
    const port = await findFreePort();
    const users = await Promise.all([1, 2, 3, 4].map(() => ensureRedis(configFor(port, "always"), logger)));
    expect(new Set(users.map((u) => u.config.port)).size).toBe(1);
    expect(serverStarts()).toBe(1);
    const shared = users[0]?.config.port as number;

    for (const user of users.slice(0, 3)) await user.stop();
    const client = createRedis(users[3]?.config ?? configFor(port, "always").redis);
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
    await users[3]?.stop();
    expect(await pingRedis("127.0.0.1", shared, 500)).toBe(false);
    expect(existsSync(join(dataDir, "redis-server.json"))).toBe(false);
  });

  it("breaks a start lock whose owner is dead", async () => {
    writeFileSync(
      join(dataDir, "redis-server.lock"),
      JSON.stringify({ owner: deadPid(), helpers: [], token: "x" }),
    );
    const ensured = await ensureRedis(configFor(await findFreePort(), "always"), logger);
    cleanups.push(() => ensured.stop());
    expect(await pingRedis("127.0.0.1", ensured.config.port, 1000)).toBe(true);
    expect(existsSync(join(dataDir, "redis-server.lock"))).toBe(false);
  });

  it("replaces an address file whose server is gone, on the port it named", async () => {
    const port = await findFreePort();
    mkdirSync(dataDir, { recursive: true });
    const gone = deadPid();
    writeFileSync(
      join(dataDir, "redis-server.json"),
      JSON.stringify({ host: "127.0.0.1", port, supervisorPid: gone, serverPid: gone, runId: "old" }),
    );
    const ensured = await ensureRedis(configFor(await findFreePort(), "always"), logger);
    cleanups.push(() => ensured.stop());
    expect(ensured.config.port).toBe(port);
    const address = JSON.parse(readFileSync(join(dataDir, "redis-server.json"), "utf8")) as { runId: string };
    expect(address.runId).not.toBe("old");
  });

  it("joins a running private server in auto mode even when the default address answers", async () => {
    const first = await ensureRedis(configFor(await findFreePort(), "always"), logger);
    cleanups.push(() => first.stop());
    const second = await ensureRedis(configFor(testRedisPort(), "auto"), logger);
    cleanups.push(() => second.stop());
    expect(second.embedded).toBe(true);
    expect(second.config.port).toBe(first.config.port);
  });
});
