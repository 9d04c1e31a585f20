// What a dashboard test needs around the browser: the dashboard built from the current sources (dist/web), a
// dago serving it, and Debian's headless Chromium (never a downloaded one).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { type RunningDago, startDago } from "../../internal/app/start-dago.js";
import { loadConfig } from "../../internal/config/index.js";
import type { Executor } from "../../internal/worker/executor.js";
import { silentLogger } from "./harness.js";
import { testRedisPort } from "./redis-port.js";
import { uniquePrefix } from "./unique-prefix.js";

export const CHROMIUM = "/usr/bin/chromium";
const ROOT = new URL("../../", import.meta.url).pathname;
/** What the dashboard bundle is built from. */
const DASHBOARD_SOURCES = ["web", "internal/domain", "internal/contract", "pkg/client"];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** `npm run build` builds the dashboard; this rebuilds it, under the build lock, when a source is newer. */
export function ensureDashboardBuilt(): void {
  const index = join(ROOT, "dist/web/index.html");
  const sources = Math.max(...DASHBOARD_SOURCES.map((path) => newestMtime(join(ROOT, path))));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    "flock",
    [
      join(tmpdir(), "dago-build.lock"),
      "npx",
      "vite",
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
}

/**
 * The dashboard built, and a dago serving it on a port of its own: HTTP API, WebSocket gateway and in-process
 * workers with `executors`, on the suite's private Redis under a key prefix of its own. `env` adds to (or
 * overrides) its configuration.
 */
export async function startDashboardDago(
  executors: Executor[],
  env: Record<string, string> = {},
): Promise<RunningDago> {
  ensureDashboardBuilt();
  const config = loadConfig({
    REDIS_URL: `redis://127.0.0.1:${testRedisPort()}`,
    DAGO_KEY_PREFIX: uniquePrefix(),
    DAGO_HTTP_HOST: "127.0.0.1",
    DAGO_HTTP_PORT: "0",
    DAGO_GRPC_PORT: "0",
    DAGO_PARTITIONS: "4",
    LLM_PROVIDER: "mock",
    LOG_LEVEL: "error",
    LOG_FORMAT: "json",
    ...env,
  });
  return startDago(config, { http: true, workers: true, executors, logger: silentLogger() });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
