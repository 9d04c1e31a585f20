export type { HttpAppDeps, HttpMethod, MetricsSource, RouteDef } from "./create-http-app.js";
export { apiRoutes, createHttpApp } from "./create-http-app.js";
