// The same graph operations shaped per tenant, under /api/v1/tenants/:tenantId/workflows. Here the node to retry
// comes in the JSON body rather than the path.
import { decisionHandlers } from "./decision-handlers.js";
import { graphHandlers } from "./graph-handlers.js";
import { graphRouteTable } from "./graph-route-table.js";
import type { RouteDeps } from "./http-deps.js";
import { pathParam } from "./path-param.js";
import type { RouteDef } from "./route-def.js";
import { tenantFromPath } from "./tenant.js";

const BASE = "/api/v1/tenants/:tenantId/workflows";

export function tenantRoutes(deps: RouteDeps): RouteDef[] {
  const h = graphHandlers(
    deps,
    tenantFromPath(deps.gate),
    (req, graphId) =>
      `/api/v1/tenants/${encodeURIComponent(pathParam(req, "tenantId"))}/workflows/${graphId}`,
  );
  return graphRouteTable(
    BASE,
    h,
    {
      method: "post",
      path: `${BASE}/:id/retry`,
      handler: h.retryNodeFromBody,
    },
    {
      handlers: decisionHandlers(deps, tenantFromPath(deps.gate)),
      approvalsPath: "/api/v1/tenants/:tenantId/approvals",
    },
  );
}
