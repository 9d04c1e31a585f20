// The graph operations' routes under one base path; both the single-tenant and the per-tenant API use it and
// differ only in the base and in where the node to retry comes from.
import type { DecisionHandlers } from "./decision-handlers.js";
import type { GraphHandlers } from "./graph-handlers.js";
import type { RouteDef } from "./route-def.js";

export function graphRouteTable(
  base: string,
  h: GraphHandlers,
  retry: RouteDef,
  decisions: { handlers: DecisionHandlers; approvalsPath: string },
): RouteDef[] {
  const d = decisions.handlers;
  return [
    { method: "post", path: `${base}/:id/nodes/:nodeId/approve`, handler: d.approve },
    { method: "post", path: `${base}/:id/nodes/:nodeId/reject`, handler: d.reject },
    { method: "get", path: decisions.approvalsPath, handler: d.approvals },
    { method: "post", path: base, handler: h.submit },
    { method: "get", path: base, handler: h.list },
    { method: "get", path: `${base}/:id`, handler: h.get },
    { method: "get", path: `${base}/:id/events`, handler: h.events },
    { method: "get", path: `${base}/:id/metrics`, handler: h.metrics },
    { method: "post", path: `${base}/:id/pause`, handler: h.pause },
    { method: "post", path: `${base}/:id/resume`, handler: h.resume },
    { method: "post", path: `${base}/:id/cancel`, handler: h.cancel },
    { method: "post", path: `${base}/:id/patches`, handler: h.patch },
    { method: "post", path: `${base}/:id/nodes/:nodeId/assign`, handler: h.assignNode },
    retry,
  ];
}
