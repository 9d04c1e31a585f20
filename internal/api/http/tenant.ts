// Where a request's tenant comes from: the single-tenant /api/v1/graphs routes all act for "default", the
// /api/v1/tenants/:tenantId routes for the tenant named in the path.
import type { Request } from "express";
import { isTenantId } from "../../domain/tenant.js";
import { DagoError } from "../../errors/index.js";

export const DEFAULT_TENANT = "default";

export type TenantOf = (req: Request) => string;

export const defaultTenant: TenantOf = () => DEFAULT_TENANT;

export const tenantFromPath: TenantOf = (req) => {
  const tenantId = req.params.tenantId;
  if (typeof tenantId !== "string" || !isTenantId(tenantId)) {
    throw new DagoError("invalid_request", "tenant id must match [A-Za-z0-9_.-]{1,64}");
  }
  return tenantId;
};
