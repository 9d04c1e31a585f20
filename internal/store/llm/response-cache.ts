// The opt-in response cache of `llm` nodes (`"cache": true` or a TTL in seconds). Identical provider, model,
// parameters and rendered prompts within the TTL reuse the stored output instead of calling the model. One
// string key per request under the key prefix (so it works unchanged on a Redis Cluster), expiring by itself.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { TokenUsage } from "../../domain/usage.js";
import type { LlmRequest } from "../../executors/llm-provider.js";

export interface CachedResponse {
  output: unknown;
  /** The answer's text as streamed, replayed to live subscribers on a hit. */
  text: string;
  model: string;
  /** What the original call consumed (a hit itself consumes nothing). */
  usage: TokenUsage;
  storedAt: number;
}

export class ResponseCache {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Everything that shapes the answer is in the key; the request's text is hashed, never stored in the key. */
  keyOf(provider: string, request: LlmRequest): string {
    const identity = JSON.stringify([
      1,
      provider,
      request.model,
      request.system ?? null,
      request.prompt,
      request.maxTokens,
      request.temperature ?? null,
      request.stopSequences ?? null,
      request.outputSchema ?? null,
    ]);
    return `${this.keyPrefix}:llmcache:${createHash("sha256").update(identity).digest("hex")}`;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const raw = await this.redis.get(key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as CachedResponse;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(value), "EX", ttlSeconds);
  }
}
