import type { Config } from "./config.js";
import { deepFreeze } from "./deep-freeze.js";

/** A copy that is safe to log: passwords and API keys are replaced by "***". */
export function redactConfig(config: Config): Config {
  const copy = structuredClone(config) as {
    -readonly [K in keyof Config]: Config[K];
  };
  if (config.redis.password !== undefined) copy.redis = { ...copy.redis, password: "***" };
  copy.apiKeys = config.apiKeys.map((entry) => ({ ...entry, key: "***" }));
  if (config.client.apiKey !== undefined) copy.client = { ...copy.client, apiKey: "***" };
  if (config.llm.apiKey !== undefined) copy.llm = { ...copy.llm, apiKey: "***" };
  if (config.llm.anthropic !== undefined)
    copy.llm = { ...copy.llm, anthropic: { ...copy.llm.anthropic!, apiKey: "***" } };
  if (config.llm.openaiCompatible?.apiKey !== undefined) {
    copy.llm = { ...copy.llm, openaiCompatible: { ...copy.llm.openaiCompatible, apiKey: "***" } };
  }
  return deepFreeze(copy);
}
