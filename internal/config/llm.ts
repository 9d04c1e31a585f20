// The LLM providers `llm` nodes may use, the default one, and the limits, prices and breaker shared by workers.
import type { EnvReader } from "./env-reader.js";
import { anyText, httpUrl, integer, matching, oneOf, parsedBy } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";
import { type LlmPrice, parsePrices } from "./llm-prices.js";
import { parseProviderLimits } from "./provider-limits.js";

export type { LlmPrice } from "./llm-prices.js";

export type LlmProvider = "mock" | "anthropic" | "openai-compatible";

export interface LlmConfig {
  /** The provider of `llm` nodes that name none. */
  readonly provider: LlmProvider;
  /** Key and URL of that default provider. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly model: string;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly mockLatencyMs: number;
  /** Set when a key for Anthropic is known: nodes may then use provider "anthropic". */
  readonly anthropic?: { readonly apiKey: string; readonly baseUrl?: string };
  /** Set when an OpenAI-compatible server is configured: nodes may then use provider "openai-compatible". */
  readonly openaiCompatible?: { readonly apiKey?: string; readonly baseUrl?: string };
  /** Price overrides in USD per million tokens, by model name prefix. */
  readonly prices: Readonly<Record<string, LlmPrice>>;
  /** Shared limits by provider; "*" applies to every provider without an entry. 0 = no limit. */
  readonly maxConcurrency: Readonly<Record<string, number>>;
  readonly requestsPerMinute: Readonly<Record<string, number>>;
  /** Consecutive failures that open a provider's circuit breaker (0 = off), and how long it stays open. */
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
  /** TTL of `"cache": true` on a node. */
  readonly cacheTtlSeconds: number;
}

const NO_PROVIDER_LIMIT: Readonly<Record<string, number>> = { "*": 0 };

export const llmVariables = {
  provider: envVariable({
    name: "LLM_PROVIDER",
    default: "anthropic if an API key is set, else mock",
    description:
      "Provider of llm nodes that name none: mock (deterministic, offline), anthropic or openai-compatible " +
      "(vLLM, Ollama, LM Studio, gateways). Nodes may pick another configured one with `provider`.",
    schema: oneOf(["mock", "anthropic", "openai-compatible"]),
  }),
  apiKey: envVariable({
    name: "LLM_API_KEY",
    default: "(unset)",
    description: "API key of the LLM_PROVIDER provider.",
    schema: anyText(),
    secret: true,
  }),
  anthropicApiKey: envVariable({
    name: "ANTHROPIC_API_KEY",
    default: "(unset)",
    description: "Anthropic key when LLM_API_KEY is unset or belongs to another provider.",
    schema: anyText(),
    secret: true,
  }),
  baseUrl: envVariable({
    name: "LLM_BASE_URL",
    default: "(provider default)",
    description: "http(s) URL of the LLM_PROVIDER API.",
    schema: httpUrl(),
  }),
  anthropicBaseUrl: envVariable({
    name: "ANTHROPIC_BASE_URL",
    default: "(unset)",
    description: "Anthropic API URL when LLM_BASE_URL is unset or belongs to another provider.",
    schema: httpUrl(),
  }),
  openaiApiKey: envVariable({
    name: "OPENAI_API_KEY",
    default: "(unset)",
    description:
      "Key of the openai-compatible provider when LLM_API_KEY does not apply (local servers need none).",
    schema: anyText(),
    secret: true,
  }),
  openaiBaseUrl: envVariable({
    name: "OPENAI_BASE_URL",
    default: "(unset)",
    description:
      "URL of the openai-compatible server (e.g. http://localhost:11434/v1) when LLM_BASE_URL does not apply.",
    schema: httpUrl(),
  }),
  model: envVariable({
    name: "LLM_MODEL",
    default: "claude-sonnet-4-6 (gpt-4o-mini for openai-compatible)",
    description: "Model of nodes that name none, on the LLM_PROVIDER provider.",
    schema: matching(/^\S{1,200}$/, "a model name without spaces"),
  }),
  maxTokens: defaultedVariable({
    name: "LLM_MAX_TOKENS",
    fallback: 1024,
    description: "Default maximum output tokens of an LLM call.",
    schema: integer(1, 1_000_000),
  }),
  timeoutMs: defaultedVariable({
    name: "LLM_TIMEOUT_MS",
    fallback: 120_000,
    description: "Longest wait for an LLM answer to start, and longest silence inside its stream.",
    schema: integer(1000, 3_600_000),
  }),
  mockLatencyMs: defaultedVariable({
    name: "MOCK_LLM_LATENCY_MS",
    fallback: 0,
    description: "Artificial latency of the mock LLM (0-600000 ms), spread over its streamed pieces.",
    schema: integer(0, 600_000),
  }),
  prices: defaultedVariable({
    name: "LLM_PRICES",
    fallback: {} as Readonly<Record<string, LlmPrice>>,
    default: "(built-in list prices)",
    description:
      'JSON price overrides in USD per million tokens by model name prefix, e.g. {"claude-opus":{"input":5,' +
      '"output":25,"cacheRead":0.5,"cacheWrite":6.25}}; cache rates default to 0.1x and 1.25x input.',
    schema: parsedBy(parsePrices),
  }),
  maxConcurrency: defaultedVariable({
    name: "LLM_MAX_CONCURRENCY",
    fallback: NO_PROVIDER_LIMIT,
    default: "0",
    description:
      "Calls in flight per provider, shared by all workers (in Redis): N for every provider or " +
      '"anthropic=N,openai-compatible=M"; 0 = no limit.',
    schema: parsedBy(parseProviderLimits),
  }),
  requestsPerMinute: defaultedVariable({
    name: "LLM_REQUESTS_PER_MINUTE",
    fallback: NO_PROVIDER_LIMIT,
    default: "0",
    description: "Calls started per rolling minute per provider, shared by all workers; same forms as above.",
    schema: parsedBy(parseProviderLimits),
  }),
  breakerFailures: defaultedVariable({
    name: "LLM_BREAKER_FAILURES",
    fallback: 5,
    description:
      "Consecutive provider failures (5xx, 529, timeouts, resets) that open its circuit breaker; 0 = off.",
    schema: integer(0, 1000),
  }),
  breakerCooldownMs: defaultedVariable({
    name: "LLM_BREAKER_COOLDOWN_MS",
    fallback: 30_000,
    description: "How long an open breaker waits before one probe call may go (100-3600000 ms).",
    schema: integer(100, 3_600_000),
  }),
  cacheTtlSeconds: defaultedVariable({
    name: "LLM_CACHE_TTL_SECONDS",
    fallback: 3600,
    description: 'How long a node with "cache": true reuses a stored answer (1-2592000 s).',
    schema: integer(1, 2_592_000),
  }),
} as const;

const v = llmVariables;

export function loadLlm(r: EnvReader): LlmConfig {
  const llmKey = r.read(v.apiKey);
  const anthropicKeyVar = r.read(v.anthropicApiKey);
  const provider = r.read(v.provider) ?? (llmKey || anthropicKeyVar ? "anthropic" : "mock");
  const openaiDefault = provider === "openai-compatible";
  // LLM_API_KEY and LLM_BASE_URL belong to the default provider; the provider-specific variables fill in, and
  // are read only then, so a provider URL that LLM_BASE_URL replaces is not checked.
  const llmUrl = r.read(v.baseUrl);
  const anthropicKey = (openaiDefault ? undefined : llmKey) ?? anthropicKeyVar;
  const anthropicUrl = (openaiDefault ? undefined : llmUrl) ?? r.read(v.anthropicBaseUrl);
  const openaiKey = (openaiDefault ? llmKey : undefined) ?? r.read(v.openaiApiKey);
  const openaiUrl = (openaiDefault ? llmUrl : undefined) ?? r.read(v.openaiBaseUrl);
  if (provider === "anthropic" && anthropicKey === undefined) {
    r.report("LLM_PROVIDER=anthropic needs an API key: set LLM_API_KEY (or ANTHROPIC_API_KEY)");
  }
  if (openaiDefault && openaiKey === undefined && openaiUrl === undefined) {
    r.report(
      "LLM_PROVIDER=openai-compatible needs LLM_BASE_URL (or OPENAI_BASE_URL) for a local or gateway server, " +
        "or an API key (LLM_API_KEY or OPENAI_API_KEY) for api.openai.com",
    );
  }
  const llm: { -readonly [K in keyof LlmConfig]: LlmConfig[K] } = {
    provider,
    model: r.read(v.model) ?? (openaiDefault ? "gpt-4o-mini" : "claude-sonnet-4-6"),
    maxTokens: r.value(v.maxTokens),
    timeoutMs: r.value(v.timeoutMs),
    mockLatencyMs: r.value(v.mockLatencyMs),
    prices: r.value(v.prices),
    maxConcurrency: r.value(v.maxConcurrency),
    requestsPerMinute: r.value(v.requestsPerMinute),
    breakerFailures: r.value(v.breakerFailures),
    breakerCooldownMs: r.value(v.breakerCooldownMs),
    cacheTtlSeconds: r.value(v.cacheTtlSeconds),
  };
  const apiKey = openaiDefault ? openaiKey : (llmKey ?? anthropicKeyVar);
  const baseUrl = openaiDefault ? openaiUrl : anthropicUrl;
  if (apiKey !== undefined) llm.apiKey = apiKey;
  if (baseUrl !== undefined) llm.baseUrl = baseUrl;
  if (anthropicKey !== undefined) {
    llm.anthropic =
      anthropicUrl !== undefined ? { apiKey: anthropicKey, baseUrl: anthropicUrl } : { apiKey: anthropicKey };
  }
  if (openaiDefault || openaiKey !== undefined || openaiUrl !== undefined) {
    const openai: { apiKey?: string; baseUrl?: string } = {};
    if (openaiKey !== undefined) openai.apiKey = openaiKey;
    if (openaiUrl !== undefined) openai.baseUrl = openaiUrl;
    llm.openaiCompatible = openai;
  }
  return llm;
}
