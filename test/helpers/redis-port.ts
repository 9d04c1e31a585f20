import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    redisPort: number;
  }
}

/** Port of the suite's private redis-server on 127.0.0.1, started by global-setup.ts. */
export function testRedisPort(): number {
  return inject("redisPort");
}
