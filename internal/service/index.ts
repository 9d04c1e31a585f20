export type { ServiceLimits, ServiceObserver } from "./graph-service.js";
export { GraphService, graphMetrics } from "./graph-service.js";
export type * from "./types.js";
