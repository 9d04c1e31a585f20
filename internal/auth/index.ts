export type { Access, Caller } from "./access.js";
export {
  ANONYMOUS,
  actorOf,
  authenticate,
  DEFAULT_TENANT,
  LOCAL_ACTOR,
  requireAccess,
  tenantFor,
} from "./access.js";
export type { ApiKeyEntry, ApiKeyGrant, KeyRole } from "./api-keys.js";
export { ApiKeyStore, MIN_KEY_LENGTH, parseApiKeys } from "./api-keys.js";
export { openGate, RequestGate } from "./request-gate.js";
