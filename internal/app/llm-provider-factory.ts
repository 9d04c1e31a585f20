// Builds the `llm` executor's parts from the configuration: every provider the configuration allows (the mock is
// always there), the price table, the shared gate (breaker and limits) and the response cache.

import type { Config } from "../config/index.js";
import type { BudgetAccount } from "../domain/graph-budget.js";
import { AnthropicProvider } from "../executors/anthropic-provider.js";
import { LlmExecutor } from "../executors/llm-executor.js";
import type { LlmObserver } from "../executors/llm-observer.js";
import type { LlmProvider } from "../executors/llm-provider.js";
import { MockLlmProvider } from "../executors/mock-llm-provider.js";
import { OpenAiCompatibleProvider } from "../executors/openai-compatible-provider.js";
import { PriceTable } from "../executors/price-table.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { RedisConnection } from "../redis/index.js";
import {
  BudgetGate,
  type BudgetObserver,
  readTenantBudget,
  type TenantBudgetSettings,
} from "../store/llm/budget-gate.js";
import { type GateLimits, ProviderGate } from "../store/llm/provider-gate.js";
import { ResponseCache } from "../store/llm/response-cache.js";

export function createLlmProviders(llm: Config["llm"], logger: Logger): LlmProvider[] {
  const providers: LlmProvider[] = [new MockLlmProvider(llm.mockLatencyMs)];
  if (llm.anthropic) {
    providers.push(
      new AnthropicProvider({
        apiKey: llm.anthropic.apiKey,
        timeoutMs: llm.timeoutMs,
        logger,
        ...(llm.anthropic.baseUrl ? { baseUrl: llm.anthropic.baseUrl } : {}),
      }),
    );
  }
  if (llm.openaiCompatible) {
    providers.push(
      new OpenAiCompatibleProvider({
        timeoutMs: llm.timeoutMs,
        logger,
        ...(llm.openaiCompatible.apiKey ? { apiKey: llm.openaiCompatible.apiKey } : {}),
        ...(llm.openaiCompatible.baseUrl ? { baseUrl: llm.openaiCompatible.baseUrl } : {}),
      }),
    );
  }
  return providers;
}

/** The remote providers this configuration can call: the ones with a breaker to report. */
export function remoteProviders(llm: Config["llm"]): string[] {
  const names: string[] = [];
  if (llm.anthropic) names.push("anthropic");
  if (llm.openaiCompatible) names.push("openai-compatible");
  return names;
}

export function gateLimits(llm: Config["llm"]): (provider: string) => GateLimits {
  return (provider) => ({
    breakerFailures: llm.breakerFailures,
    breakerCooldownMs: llm.breakerCooldownMs,
    maxConcurrency: llm.maxConcurrency[provider] ?? llm.maxConcurrency["*"] ?? 0,
    requestsPerMinute: llm.requestsPerMinute[provider] ?? llm.requestsPerMinute["*"] ?? 0,
  });
}

const UNAVAILABLE_HINTS: Record<string, string> = {
  anthropic: "set ANTHROPIC_API_KEY (or LLM_API_KEY with LLM_PROVIDER=anthropic)",
  "openai-compatible": "set OPENAI_BASE_URL (or LLM_BASE_URL with LLM_PROVIDER=openai-compatible)",
};

export function createLlmExecutor(
  llm: Config["llm"],
  deps: {
    redis: RedisConnection;
    keyPrefix: string;
    logger: Logger;
    observer?: LlmObserver;
    tenantBudget?: Config["tenantBudget"];
    budgetObserver?: BudgetObserver;
  },
): LlmExecutor {
  // A first run without a key works, which is the point of the mock; but canned answers that look like a
  // model's must not go unnoticed, so the process that runs llm nodes says so once, as it starts.
  if (llm.provider === "mock") {
    deps.logger.warn(
      "llm nodes that name no provider run on the mock model, which answers with canned text at no cost; " +
        "for a real model set ANTHROPIC_API_KEY (or LLM_API_KEY), or LLM_PROVIDER=openai-compatible with LLM_BASE_URL",
      { provider: "mock" },
    );
  }
  return new LlmExecutor(createLlmProviders(llm, deps.logger), {
    defaultProvider: llm.provider,
    defaultModel: llm.model,
    defaultMaxTokens: llm.maxTokens,
    prices: new PriceTable(llm.prices),
    gate: new ProviderGate(deps.redis, deps.keyPrefix, gateLimits(llm), deps.observer),
    budget: new BudgetGate(
      deps.redis,
      deps.keyPrefix,
      tenantBudgetSettings(deps.tenantBudget),
      deps.budgetObserver,
    ),
    cache: new ResponseCache(deps.redis, deps.keyPrefix),
    cacheTtlSeconds: llm.cacheTtlSeconds,
    unavailableHint: (provider) => UNAVAILABLE_HINTS[provider] ?? "",
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
}

/** The tenant budget as the gate takes it: undefined when no limit is set. */
export function tenantBudgetSettings(
  budget: Config["tenantBudget"] | undefined,
): TenantBudgetSettings | undefined {
  if (!budget || (budget.maxCostUsd === undefined && budget.maxTokens === undefined)) return undefined;
  const settings: TenantBudgetSettings = { period: budget.period };
  if (budget.maxCostUsd !== undefined) settings.maxCostUsd = budget.maxCostUsd;
  if (budget.maxTokens !== undefined) settings.maxTokens = budget.maxTokens;
  return settings;
}

/**
 * Shows the budget of each tenant this process ran LLM calls for on its Prometheus metrics: set after each of its
 * reservations and settlements, and read again from Redis at each scrape (other processes spend it too).
 */
export function budgetMetricsObserver(
  metrics: Metrics,
  deps: { redis: RedisConnection; keyPrefix: string; tenantBudget: Config["tenantBudget"] },
): BudgetObserver {
  const settings = tenantBudgetSettings(deps.tenantBudget);
  const tenants = new Set<string>();
  const show = (tenant: string, account: BudgetAccount) => {
    tenants.add(tenant);
    const set = (measure: string, limit: number | undefined, spent: number, reserved: number) => {
      if (limit === undefined) return;
      metrics.tenantBudgetLimit.set({ tenant, measure }, limit);
      metrics.tenantBudgetSpent.set({ tenant, measure }, spent);
      metrics.tenantBudgetReserved.set({ tenant, measure }, reserved);
    };
    set("costUsd", account.maxCostUsd, account.spentCostUsd, account.reservedCostUsd);
    set("tokens", account.maxTokens, account.spentTokens, account.reservedTokens);
  };
  if (settings) {
    metrics.refreshTenantBudgets = async () => {
      for (const tenant of tenants) {
        show(tenant, await readTenantBudget(deps.redis, deps.keyPrefix, tenant, settings));
      }
    };
  }
  return { tenantSeen: (tenant) => tenants.add(tenant), tenantBudget: show };
}

/** Maps what the llm executor reports onto the process's Prometheus metrics. */
export function llmMetricsObserver(metrics: Metrics): LlmObserver {
  return {
    request: (provider, model, result, seconds) => {
      metrics.llmRequests.inc({ provider, model, result });
      metrics.llmRequestDuration.observe({ provider, model }, seconds);
    },
    usage: (provider, model, tenant, usage, costUsd) => {
      const add = (kind: string, n: number) => {
        if (n > 0) metrics.llmTokens.inc({ provider, model, tenant, kind }, n);
      };
      add("input", usage.inputTokens);
      add("output", usage.outputTokens);
      add("cache_read", usage.cacheReadTokens);
      add("cache_write", usage.cacheWriteTokens);
      if (costUsd > 0) metrics.llmCost.inc({ provider, model, tenant }, costUsd);
    },
    cacheLookup: (provider, model, hit) =>
      metrics.llmCacheLookups.inc({ provider, model, result: hit ? "hit" : "miss" }),
    deferred: (provider, reason) => metrics.llmDeferrals.inc({ provider, reason }),
  };
}
