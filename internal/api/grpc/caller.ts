// Who a call acts for: the one place a gRPC request's identity is decided. The API key comes in the
// `authorization` metadata (`Bearer <key>`), the tenant in `x-dago-tenant` (the key's own when absent); the
// request gate refuses a missing or unknown key, a tenant the key may not reach and a tenant over its rate.
import type { Metadata } from "@grpc/grpc-js";
import { type Access, actorOf, type RequestGate } from "../../auth/index.js";
import { isTenantId } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";

export const TENANT_METADATA = "x-dago-tenant";
export const AUTHORIZATION_METADATA = "authorization";
export { DEFAULT_TENANT } from "../../auth/index.js";

export interface Caller {
  tenantId: string;
  /** Who acted, as control events record it (actorOf). */
  actor: string;
}

export async function callerOf(gate: RequestGate, metadata: Metadata, access: Access): Promise<Caller> {
  const caller = gate.authenticate(single(metadata, AUTHORIZATION_METADATA, "Bearer <key>"));
  const tenantId = single(metadata, TENANT_METADATA, "matching [A-Za-z0-9_.-]{1,64}");
  if (tenantId !== undefined && !isTenantId(tenantId)) {
    throw new DagoError("invalid_request", `${TENANT_METADATA} must match [A-Za-z0-9_.-]{1,64}`);
  }
  return { tenantId: await gate.admit(caller, tenantId, access), actor: actorOf(caller) };
}

/** A metadata value given at most once, as text. */
function single(metadata: Metadata, name: string, expected: string): string | undefined {
  const values = metadata.get(name);
  if (values.length === 0) return undefined;
  const [value] = values;
  if (values.length > 1 || typeof value !== "string") {
    throw new DagoError("invalid_request", `${name} must be given once, ${expected}`);
  }
  return value;
}
