// One redis-server for the whole suite, on a free port: tests must never use a Redis at the default address.
// Tests share it safely by giving each its own key prefix (see unique-prefix.ts).
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./build.js";
import { startRedisServer } from "./redis-server.js";

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  // Built once here, before any test file runs, so tests that spawn dist/cmd/dago.js never race a build.
  ensureBuilt();
  const server = await startRedisServer();
  provide("redisPort", server.port);
  return async () => {
    await server.stop();
  };
}
