// Throwaway redis-server processes for tests, each on its own free port with its own data directory, so tests
// never touch a Redis someone else uses.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, type RedisServerProcess, spawnRedisServer } from "../../internal/redis/index.js";

export interface StartRedisServerOptions {
  appendonly?: boolean;
  appendfsync?: string;
  /** Data directory to use (kept on stop); a fresh temporary one (removed on stop) by default. */
  dir?: string;
  port?: number;
  /** More redis-server arguments (TLS, requirepass...). */
  args?: string[];
}

export interface TestRedisServer {
  readonly port: number;
  readonly host: "127.0.0.1";
  readonly url: string;
  readonly dir: string;
  /** Process id of the running server's supervisor; changes on restart. */
  readonly pid: number;
  /** SIGTERM, SIGKILL after 5 s, then removes the temporary data directory. */
  stop(): Promise<void>;
  /** Signals the server (SIGKILL by default, i.e. a crash); the data directory stays for restart(). */
  kill(signal?: NodeJS.Signals): void;
  /** Starts the server again on the same port and data directory, stopping it first if it still runs. */
  restart(): Promise<void>;
}

const STOP_TIMEOUT_MS = 5000;
const ATTEMPTS = 5;

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && /address already in use/i.test(error.message);
}

export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<TestRedisServer> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "dago-test-redis-")));
  const args = ["--save", "", "--appendonly", options.appendonly ? "yes" : "no"];
  args.push("--appendfsync", options.appendfsync ?? "everysec", ...(options.args ?? []));
  const spawnOn = (port: number) => spawnRedisServer({ port, dir, logFile: join(dir, "redis.log"), args });

  // A port found free can be taken by another process before redis-server binds it; then try another.
  const startFresh = async (): Promise<RedisServerProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await spawnOn(options.port ?? (await findFreePort()));
      } catch (error) {
        if (options.port !== undefined || !isAddressInUse(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  };

  let current: RedisServerProcess;
  try {
    current = await startFresh();
  } catch (error) {
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = current.port;

  return {
    port,
    host: "127.0.0.1",
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return current.pid;
    },
    async stop() {
      await current.stop(STOP_TIMEOUT_MS);
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
    kill(signal = "SIGKILL") {
      current.kill(signal);
    },
    async restart() {
      await current.stop(STOP_TIMEOUT_MS);
      for (let attempt = 1; ; attempt++) {
        try {
          current = await spawnOn(port);
          return;
        } catch (error) {
          if (!isAddressInUse(error) || attempt >= ATTEMPTS) throw error;
          await new Promise((done) => setTimeout(done, 200));
        }
      }
    },
  };
}
