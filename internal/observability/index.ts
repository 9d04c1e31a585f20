export type { LogFields, LogFormat, Logger, LoggerOptions, LogLevel, LogStream } from "./logger.js";
export { createLogger } from "./logger.js";
