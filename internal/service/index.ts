export type { ServiceLimits, ServiceObserver } from "./graph-service.js";
export { GraphService, graphMetrics } from "./graph-service.js";
export type { GraphWatchApi, GraphWatcherOptions, WatchOptions } from "./graph-watch.js";
export { GraphWatcher } from "./graph-watch.js";
export type * from "./types.js";
