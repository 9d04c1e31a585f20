// Which tenant a request acts for, decided by the request gate: the single-tenant /api/v1/graphs routes act for
// the API key's tenant ("default" without authentication), the /api/v1/tenants/:tenantId routes for the tenant
// named in the path, which a key may reach only if it is its own (or an admin key).
import type { Request } from "express";
import type { RequestGate } from "../../auth/index.js";
import { isTenantId } from "../../domain/tenant.js";
import { DagoError } from "../../errors/index.js";
import { type OperationName, roleOf } from "../../service/index.js";
import { callerOf } from "./request-caller.js";

/** Admits the request to `operation` with the role the operation table gives it. */
export type TenantOf = (req: Request, operation: OperationName) => Promise<string>;

export function callerTenant(gate: RequestGate): TenantOf {
  return (req, operation) => gate.admit(callerOf(req), undefined, roleOf(operation));
}

export function tenantFromPath(gate: RequestGate): TenantOf {
  return (req, operation) => {
    const tenantId = req.params.tenantId;
    if (typeof tenantId !== "string" || !isTenantId(tenantId)) {
      throw new DagoError("invalid_request", "tenant id must match [A-Za-z0-9_.-]{1,64}");
    }
    return gate.admit(callerOf(req), tenantId, roleOf(operation));
  };
}
