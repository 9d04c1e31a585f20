// Routes that are not about one graph: spec validation, workers, probes, metrics and the API description.
import { DagoError } from "../../errors/index.js";
import { roleOf } from "../../service/index.js";
import type { RouteDeps } from "./http-deps.js";
import { openApiText } from "./openapi-document.js";
import { parseSpecBody } from "./parse-body.js";
import { callerOf } from "./request-caller.js";
import type { RouteDef } from "./route-def.js";
import { sendError } from "./send-error.js";

export function systemRoutes(deps: RouteDeps): RouteDef[] {
  const { service, gate } = deps;
  return [
    {
      method: "post",
      path: "/api/v1/dag/validate",
      handler: async (req, res) => {
        await gate.admit(callerOf(req), undefined, roleOf("validate"));
        res.json(await service.validate(await parseSpecBody(req, deps.maxBodyBytes)));
      },
    },
    {
      method: "get",
      path: "/api/v1/workers",
      handler: async (req, res) => {
        await gate.admit(callerOf(req), undefined, roleOf("workers"));
        res.json({ workers: await service.workers() });
      },
    },
    {
      // Liveness only: answering at all is the signal, so it must not depend on Redis.
      method: "get",
      path: "/health",
      handler: (_req, res) => {
        res.json({ status: "ok" });
      },
    },
    {
      method: "get",
      path: "/ready",
      handler: async (_req, res) => {
        const report = await service.readiness();
        res.status(report.ready ? 200 : 503).json(report);
      },
    },
    {
      method: "get",
      path: "/metrics",
      handler: async (req, res) => {
        // Metrics are labelled with every tenant's name: an operator's view, admitted without a tenant.
        gate.requireRole(callerOf(req), roleOf("serverMetrics"));
        if (!deps.metrics) {
          sendError(res, new DagoError("not_found", "metrics are not enabled on this server"));
          return;
        }
        const text = await deps.metrics.render();
        res.setHeader("Content-Type", deps.metrics.contentType);
        res.send(text);
      },
    },
    {
      method: "get",
      path: "/openapi.json",
      handler: (_req, res) => {
        res.type("application/json").send(openApiText());
      },
    },
  ];
}
