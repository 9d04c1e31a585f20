// What a caller may do. One decision for HTTP, gRPC and WebSocket, so the three transports cannot drift apart.
import { DagoError } from "../errors/index.js";
import type { ApiKeyGrant, ApiKeyStore } from "./api-keys.js";

export const DEFAULT_TENANT = "default";

/** read: look at graphs; write: submit or control them; admin: operator views such as /metrics. */
export type Access = "read" | "write" | "admin";

/** Who a request acts as: a key's grant, or no one in particular when authentication is off. */
export interface Caller {
  readonly grant?: ApiKeyGrant;
}

export const ANONYMOUS: Caller = Object.freeze({});

/** Who acted when no key says so: a caller without authentication, or code calling the service in-process. */
export const LOCAL_ACTOR = "local";

/** Who acted, as control events record it (`by`): `<key name>@<tenant>`, or `local` without authentication. */
export function actorOf(caller: Caller): string {
  const { grant } = caller;
  return grant ? `${grant.name}@${grant.tenantId}` : LOCAL_ACTOR;
}

/**
 * Turns an `Authorization` value (HTTP header, WebSocket upgrade header or gRPC metadata) into a Caller. With
 * keys configured, a missing, malformed or unknown key is refused; without, every caller is anonymous.
 */
export function authenticate(store: ApiKeyStore, authorization: string | undefined): Caller {
  if (!store.enabled) return ANONYMOUS;
  if (authorization === undefined || authorization === "") {
    throw new DagoError("unauthenticated", "an API key is required: send it as Authorization: Bearer <key>");
  }
  const credential = bearerToken(authorization);
  if (credential === undefined) {
    throw new DagoError("unauthenticated", "the Authorization value must be Bearer <key>");
  }
  const grant = store.verify(credential);
  if (!grant) throw new DagoError("unauthenticated", "the API key is not valid");
  return { grant };
}

/**
 * The tenant a request acts for, checked against what the caller may do. `requested` is the tenant the request
 * names (path, metadata or message), undefined when it names none. A key of another tenant gets `not_found`,
 * exactly what a missing graph gets, so nothing tells it which tenants or graphs exist.
 */
export function tenantFor(caller: Caller, requested: string | undefined, access: Access): string {
  const { grant } = caller;
  if (!grant) return requested ?? DEFAULT_TENANT;
  const tenantId = requested ?? grant.tenantId;
  if (tenantId !== grant.tenantId && grant.role !== "admin") {
    throw new DagoError("not_found", `tenant ${JSON.stringify(tenantId)} not found`);
  }
  requireAccess(caller, access);
  return tenantId;
}

/** Refuses an operation the caller's role does not cover; anonymous callers may do everything. */
export function requireAccess(caller: Caller, access: Access): void {
  const role = caller.grant?.role;
  if (role === undefined || role === "admin" || access === "read") return;
  if (access === "admin") throw new DagoError("permission_denied", "this needs an admin API key");
  if (role === "read") throw new DagoError("permission_denied", "this API key is read-only");
}

/** The token of a `Bearer <token>` value (the scheme is case-insensitive), else undefined. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return match?.[1];
}
