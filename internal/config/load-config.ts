// Reads every variable once, section by section. The order is that of the problems in a ConfigError, kept as it
// was when the sections lived in one file, so an operator sees the same list.
import { loadApiKeys } from "./api-keys.js";
import { loadTenantBudget } from "./budgets.js";
import { clientVariables, loadClientUrl } from "./client.js";
import type { Config, LoadConfigOptions } from "./config.js";
import { ConfigError } from "./config-error.js";
import { deepFreeze } from "./deep-freeze.js";
import { engineVariables, loadEngine } from "./engine.js";
import { EnvReader } from "./env-reader.js";
import { httpVariables } from "./http.js";
import { loadLimits } from "./limits.js";
import { loadLlm } from "./llm.js";
import { logVariables } from "./log.js";
import { loadQuotas } from "./quotas.js";
import { loadRedis, redisVariables } from "./redis.js";
import { loadWorker } from "./worker.js";
import { loadWs } from "./ws.js";

/** Parses every variable once. Throws a ConfigError listing every bad variable; returns a deep-frozen Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const r = new EnvReader(env);
  const isTty = options.isTty ?? process.stdout.isTTY === true;
  const redis = loadRedis(r);
  const worker = loadWorker(r);
  const clientUrl = loadClientUrl(r);
  const apiKeys = loadApiKeys(r);
  const hostFromApiKeys = apiKeys.length > 0 && !r.isSet(httpVariables.host);
  const clientApiKey = r.read(clientVariables.apiKey);
  const config: Config = {
    http: {
      host: r.read(httpVariables.host) ?? (apiKeys.length > 0 ? "0.0.0.0" : "127.0.0.1"),
      port: r.value(httpVariables.httpPort),
      ...(hostFromApiKeys ? { hostFromApiKeys: true } : {}),
    },
    apiKeys,
    quotas: loadQuotas(r),
    tenantBudget: loadTenantBudget(r),
    grpc: { port: r.value(httpVariables.grpcPort) },
    ws: loadWs(r),
    redis,
    dataDir: r.value(redisVariables.dataDir),
    worker,
    engine: loadEngine(r),
    shutdownGraceMs: r.value(engineVariables.shutdownGraceMs),
    limits: loadLimits(r),
    llm: loadLlm(r),
    log: {
      level: r.value(logVariables.level),
      format: r.read(logVariables.format) ?? (isTty ? "console" : "json"),
    },
    client: clientApiKey === undefined ? { url: clientUrl } : { url: clientUrl, apiKey: clientApiKey },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}
