// Requests per second per tenant, one token bucket in Redis shared by every API process.
import type { Redis } from "ioredis";
import { DagoError } from "../../errors/index.js";
import { guardRedis } from "../../redis/unavailable.js";
import { tenantQuotaKey } from "../keys.js";
import { registerScripts } from "../script-loader.js";

export interface RateLimitSettings {
  /** Steady requests per second a tenant may send. */
  readonly perSecond: number;
  /** Requests a tenant may send at once after a quiet spell. */
  readonly burst: number;
}

export class TenantRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly settings: RateLimitSettings,
  ) {
    registerScripts(redis);
  }

  /** Counts one request of the tenant; refuses it with rate_limited and the wait when the bucket is empty. */
  async take(tenantId: string): Promise<void> {
    const [taken, waitMs = 1000] = await guardRedis(this.redis, () =>
      this.redis.takeRateToken(
        tenantQuotaKey(this.keyPrefix, tenantId, "rate"),
        this.settings.perSecond,
        this.settings.burst,
      ),
    );
    if (taken === 1) return;
    throw new DagoError(
      "rate_limited",
      `tenant ${JSON.stringify(tenantId)} is over its limit of ${this.settings.perSecond} requests per second`,
      [],
      { retryAfterMs: waitMs },
    );
  }
}
