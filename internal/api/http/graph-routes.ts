// The single-tenant API under /api/v1/graphs: every request acts for the "default" tenant.

import { graphHandlers } from "./graph-handlers.js";
import type { HttpAppDeps } from "./http-deps.js";
import type { RouteDef } from "./route-def.js";
import { defaultTenant } from "./tenant.js";

const BASE = "/api/v1/graphs";

export function graphRoutes(deps: HttpAppDeps): RouteDef[] {
  const h = graphHandlers(deps, defaultTenant, (_req, graphId) => `${BASE}/${graphId}`);
  return [
    { method: "post", path: BASE, handler: h.submit },
    { method: "get", path: BASE, handler: h.list },
    { method: "get", path: `${BASE}/:id`, handler: h.get },
    { method: "get", path: `${BASE}/:id/events`, handler: h.events },
    { method: "get", path: `${BASE}/:id/metrics`, handler: h.metrics },
    { method: "post", path: `${BASE}/:id/pause`, handler: h.pause },
    { method: "post", path: `${BASE}/:id/resume`, handler: h.resume },
    { method: "post", path: `${BASE}/:id/cancel`, handler: h.cancel },
    { method: "post", path: `${BASE}/:id/nodes/:nodeId/retry`, handler: h.retryNode },
  ];
}
