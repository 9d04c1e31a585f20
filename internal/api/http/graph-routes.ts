// The single-tenant API under /api/v1/graphs: every request acts for the "default" tenant.

import { graphHandlers } from "./graph-handlers.js";
import { graphRouteTable } from "./graph-route-table.js";
import type { HttpAppDeps } from "./http-deps.js";
import type { RouteDef } from "./route-def.js";
import { defaultTenant } from "./tenant.js";

const BASE = "/api/v1/graphs";

export function graphRoutes(deps: HttpAppDeps): RouteDef[] {
  const h = graphHandlers(deps, defaultTenant, (_req, graphId) => `${BASE}/${graphId}`);
  return graphRouteTable(BASE, h, {
    method: "post",
    path: `${BASE}/:id/nodes/:nodeId/retry`,
    handler: h.retryNode,
  });
}
