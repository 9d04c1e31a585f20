// Decisions on waiting nodes (approve, reject) and the tenant's open approvals, as request handlers for both
// the single-tenant and the per-tenant routes. Rules (what data is valid, who may decide) live in the service.
import type { Request, RequestHandler } from "express";
import { actorOf } from "../../auth/index.js";
import { OPERATIONS } from "../../service/index.js";
import type { RouteDeps } from "./http-deps.js";
import { parseJsonBody } from "./parse-body.js";
import { pathParam } from "./path-param.js";
import { queryLimit, queryString } from "./query-params.js";
import { callerOf } from "./request-caller.js";
import type { TenantOf } from "./tenant.js";

export interface DecisionHandlers {
  approve: RequestHandler;
  reject: RequestHandler;
  approvals: RequestHandler;
}

export function decisionHandlers(deps: RouteDeps, tenantOf: TenantOf): DecisionHandlers {
  const { service } = deps;
  const decide =
    (approved: boolean, admit: (req: Request) => Promise<string>): RequestHandler =>
    async (req, res) => {
      const tenantId = await admit(req);
      const body = await optionalJsonBody(req, deps.maxBodyBytes);
      const idempotencyKey = req.get("idempotency-key");
      const options = idempotencyKey === undefined ? {} : { idempotencyKey };
      const by = actorOf(callerOf(req));
      const graphId = pathParam(req, "id");
      const nodeId = pathParam(req, "nodeId");
      res.json(
        approved
          ? await service.approve(tenantId, graphId, nodeId, body, options, by)
          : await service.reject(tenantId, graphId, nodeId, body, options, by),
      );
    };
  return {
    approve: decide(true, (req) => tenantOf(req, "approve")),
    reject: decide(false, (req) => tenantOf(req, "reject")),
    approvals: async (req, res) => {
      const tenantId = await tenantOf(req, "approvals");
      const limit = queryLimit(req, OPERATIONS.approvals.page.defaultLimit);
      const status = queryString(req, "status");
      const cursor = queryString(req, "cursor");
      res.json(
        await service.approvals(tenantId, {
          limit,
          ...(status === undefined ? {} : { status }),
          ...(cursor === undefined ? {} : { cursor }),
        }),
      );
    },
  };
}

/** A decision may come without a body (`curl -X POST .../approve`): no data, no comment. */
function optionalJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const length = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (!chunked && (length === undefined || length === "0") && req.headers["content-type"] === undefined) {
    return Promise.resolve(undefined);
  }
  return parseJsonBody(req, maxBytes);
}
