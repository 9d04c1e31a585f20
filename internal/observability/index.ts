export type { LogFields, LogFormat, Logger, LoggerOptions, LogLevel, LogStream } from "./logger.js";
export { createLogger } from "./logger.js";
export type { QueueDepthSource } from "./metrics.js";
export { Metrics } from "./metrics.js";
