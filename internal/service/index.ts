export type { ServiceLimits, ServiceObserver } from "./graph-service.js";
export { DEFAULT_SERVICE_LIMITS, GraphService, graphMetrics } from "./graph-service.js";
export type { EventsOptions, GraphServiceApi, ListOptions, SubmitOptions } from "./graph-service-api.js";
export type { OperationName, OperationRule, PagedOperation, PageRule } from "./operations.js";
export { defaultPageSize, OPERATIONS, roleOf } from "./operations.js";
export type { GraphWatchApi, GraphWatcherOptions, WatchOptions } from "./watch/index.js";
export { GraphWatcher, WatchCore } from "./watch/index.js";
