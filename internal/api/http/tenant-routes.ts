// The same graph operations shaped per tenant, under /api/v1/tenants/:tenantId/workflows. Here the node to retry
// comes in the JSON body rather than the path.
import { graphHandlers } from "./graph-handlers.js";
import type { HttpAppDeps } from "./http-deps.js";
import { pathParam } from "./path-param.js";
import type { RouteDef } from "./route-def.js";
import { tenantFromPath } from "./tenant.js";

const BASE = "/api/v1/tenants/:tenantId/workflows";

export function tenantRoutes(deps: HttpAppDeps): RouteDef[] {
  const h = graphHandlers(
    deps,
    tenantFromPath,
    (req, graphId) =>
      `/api/v1/tenants/${encodeURIComponent(pathParam(req, "tenantId"))}/workflows/${graphId}`,
  );
  return [
    { method: "post", path: BASE, handler: h.submit },
    { method: "get", path: BASE, handler: h.list },
    { method: "get", path: `${BASE}/:id`, handler: h.get },
    { method: "get", path: `${BASE}/:id/events`, handler: h.events },
    { method: "get", path: `${BASE}/:id/metrics`, handler: h.metrics },
    { method: "post", path: `${BASE}/:id/pause`, handler: h.pause },
    { method: "post", path: `${BASE}/:id/resume`, handler: h.resume },
    { method: "post", path: `${BASE}/:id/cancel`, handler: h.cancel },
    { method: "post", path: `${BASE}/:id/retry`, handler: h.retryNodeFromBody },
  ];
}
