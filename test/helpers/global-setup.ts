// One redis-server for the whole suite, on a free port: tests must never use a Redis at the default address.
// Tests share it safely by giving each its own key prefix (see unique-prefix.ts).
import type { TestProject } from "vitest/node";
import { startRedisServer } from "./redis-server.js";

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  provide("redisPort", server.port);
  return async () => {
    await server.stop();
  };
}
