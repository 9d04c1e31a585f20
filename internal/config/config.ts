// The whole configuration, one section per file. loadConfig (load-config.ts) is the only place that reads
// environment variables; everything else receives a frozen Config.
import type { ApiKeyConfig } from "./api-keys.js";
import type { TenantBudgetConfig } from "./budgets.js";
import type { EngineConfig } from "./engine.js";
import type { LimitsConfig } from "./limits.js";
import type { LlmConfig } from "./llm.js";
import type { LogFormat, LogLevel } from "./log.js";
import type { QuotaConfig } from "./quotas.js";
import type { RedisConfig } from "./redis.js";
import type { WorkerConfig } from "./worker.js";
import type { WsConfig } from "./ws.js";

export interface Config {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** True when DAGO_HTTP_HOST is unset and the API keys made the APIs listen on 0.0.0.0. */
    readonly hostFromApiKeys?: boolean;
  };
  /** With no keys, dago runs without authentication (and listens on loopback unless told otherwise). */
  readonly apiKeys: readonly ApiKeyConfig[];
  readonly quotas: QuotaConfig;
  readonly tenantBudget: TenantBudgetConfig;
  readonly grpc: { readonly port: number };
  readonly ws: WsConfig;
  readonly redis: RedisConfig;
  readonly dataDir: string;
  readonly worker: WorkerConfig;
  readonly engine: EngineConfig;
  readonly shutdownGraceMs: number;
  readonly limits: LimitsConfig;
  readonly llm: LlmConfig;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  readonly client: { readonly url: string; readonly apiKey?: string };
}

export interface LoadConfigOptions {
  /** Whether stdout is a terminal; decides the default LOG_FORMAT. Defaults to process.stdout.isTTY. */
  isTty?: boolean;
}
