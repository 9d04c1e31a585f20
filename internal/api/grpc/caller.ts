// Who a call acts for. This is the one place a gRPC request's identity is decided, and where API-key
// authentication plugs in: it will read the key from the `authorization` metadata, refuse a missing or unknown
// key (an `unauthenticated` error) and a tenant the key may not act for (`permission_denied`), before any handler
// runs. Until then every call is anonymous and names its tenant in `x-dago-tenant`.
import type { Metadata } from "@grpc/grpc-js";
import { isTenantId } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";

export const TENANT_METADATA = "x-dago-tenant";
export const DEFAULT_TENANT = "default";

export interface Caller {
  tenantId: string;
}

export function callerOf(metadata: Metadata): Caller {
  const values = metadata.get(TENANT_METADATA);
  if (values.length === 0) return { tenantId: DEFAULT_TENANT };
  const [tenantId] = values;
  if (values.length > 1 || typeof tenantId !== "string" || !isTenantId(tenantId)) {
    throw new DagoError(
      "invalid_request",
      `${TENANT_METADATA} must be given once, matching [A-Za-z0-9_.-]{1,64}`,
    );
  }
  return { tenantId };
}
