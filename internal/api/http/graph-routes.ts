// The single-tenant API under /api/v1/graphs: every request acts for its API key's tenant ("default" without
// authentication).

import { decisionHandlers } from "./decision-handlers.js";
import { graphHandlers } from "./graph-handlers.js";
import { graphRouteTable } from "./graph-route-table.js";
import type { RouteDeps } from "./http-deps.js";
import type { RouteDef } from "./route-def.js";
import { callerTenant } from "./tenant.js";

const BASE = "/api/v1/graphs";

export function graphRoutes(deps: RouteDeps): RouteDef[] {
  const h = graphHandlers(deps, callerTenant(deps.gate), (_req, graphId) => `${BASE}/${graphId}`);
  return graphRouteTable(
    BASE,
    h,
    {
      method: "post",
      path: `${BASE}/:id/nodes/:nodeId/retry`,
      handler: h.retryNode,
    },
    {
      handlers: decisionHandlers(deps, callerTenant(deps.gate)),
      approvalsPath: "/api/v1/approvals",
    },
  );
}
