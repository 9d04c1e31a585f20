import { isTenantId } from "../domain/tenant.js";
import { DagoError } from "../errors/index.js";

/** A tenant id from a transport is checked before it becomes part of a Redis key. */
export function checkTenant(tenantId: string): void {
  if (!isTenantId(tenantId))
    throw new DagoError("invalid_request", "tenant id must match [A-Za-z0-9_.-]{1,64}");
}
