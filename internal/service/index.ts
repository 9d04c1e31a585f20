export type { ServiceLimits, ServiceObserver } from "./graph-service.js";
export { GraphService, graphMetrics } from "./graph-service.js";
export type { GraphWatchApi, WatchOptions } from "./graph-watch.js";
export { compareEventIds, GraphWatcher } from "./graph-watch.js";
export type { LogTailerOptions } from "./partition-log-tailer.js";
export { PartitionLogTailer } from "./partition-log-tailer.js";
export type * from "./types.js";
