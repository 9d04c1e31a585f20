// The door every API request goes through, whatever its transport: who is calling (API key), which tenant it
// acts for and whether it may, and whether that tenant is within its request rate.
import type { TenantRateLimit } from "../store/quota/index.js";
import { type Access, authenticate, type Caller, requireAccess, tenantFor } from "./access.js";
import { ApiKeyStore } from "./api-keys.js";

export class RequestGate {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly rateLimit?: TenantRateLimit,
  ) {}

  /** Whether callers must present an API key. */
  get authRequired(): boolean {
    return this.keys.enabled;
  }

  /** From an `Authorization` value; throws `unauthenticated` when a key is required and not valid. */
  authenticate(authorization: string | undefined): Caller {
    return authenticate(this.keys, authorization);
  }

  /**
   * The tenant the request acts for (`requested`, or the key's own): refused with not_found when the key may
   * not see it, permission_denied when it may not do `access`, rate_limited when the tenant is over its rate.
   */
  async admit(caller: Caller, requested: string | undefined, access: Access): Promise<string> {
    const tenantId = tenantFor(caller, requested, access);
    await this.rateLimit?.take(tenantId);
    return tenantId;
  }

  /** For views that belong to no tenant (/metrics): refused with permission_denied below `access`. */
  requireRole(caller: Caller, access: Access): void {
    requireAccess(caller, access);
  }
}

/** A gate that lets everyone in, for embedding the API without authentication (tests, the worker SDK). */
export function openGate(): RequestGate {
  return new RequestGate(new ApiKeyStore([]));
}
