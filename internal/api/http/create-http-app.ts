// The HTTP transport: an Express app that maps requests onto the GraphServiceApi and DagoErrors onto JSON errors.
import express from "express";
import { dashboardRoutes } from "./dashboard-routes.js";
import { errorHandler, notFoundHandler } from "./error-handler.js";
import { graphRoutes } from "./graph-routes.js";
import { type HttpAppDeps, routeDeps } from "./http-deps.js";
import { mountRoutes } from "./mount-routes.js";
import { authenticateRequests } from "./request-caller.js";
import { requestId } from "./request-id.js";
import { requestObserver } from "./request-observer.js";
import type { RouteDef } from "./route-def.js";
import { securityHeaders } from "./security-headers.js";
import { systemRoutes } from "./system-routes.js";
import { tenantRoutes } from "./tenant-routes.js";

export type { HttpAppDeps, MetricsSource } from "./http-deps.js";
export type { HttpMethod, RouteDef } from "./route-def.js";

/** Every route the app serves, in mounting order. */
export function apiRoutes(deps: HttpAppDeps): RouteDef[] {
  const full = routeDeps(deps);
  return [...graphRoutes(full), ...tenantRoutes(full), ...systemRoutes(full)];
}

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const full = routeDeps(deps);
  const app = express();
  app.disable("x-powered-by");
  app.use(requestId());
  app.use(securityHeaders());
  app.use(requestObserver(deps.logger, deps.onRequest));
  app.use(authenticateRequests(full.gate));
  mountRoutes(app, apiRoutes(full));
  app.use(dashboardRoutes());
  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}
