export type {
  Config,
  ConfigVariable,
  EmbeddedRedisMode,
  EngineConfig,
  LimitsConfig,
  LlmConfig,
  LlmProvider,
  LoadConfigOptions,
  LogFormat,
  LogLevel,
  RedisConfig,
  WorkerConfig,
} from "./config.js";
export { ConfigError, describeConfig, loadConfig, redactConfig } from "./config.js";
