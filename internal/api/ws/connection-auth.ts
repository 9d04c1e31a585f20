// The one place that decides, from the upgrade request, which tenant a WebSocket connection may read. Without
// authentication configured a connection is bound to no tenant and each subscription names its own (default
// "default"), exactly like /api/v1/graphs works on tenant "default" while tenant routes name theirs.
import type { IncomingMessage } from "node:http";

export interface ConnectionAuth {
  /** When set, every subscription is on this tenant and a subscription naming another one is refused. */
  tenantId?: string;
}

export function authorizeConnection(_request: IncomingMessage): ConnectionAuth {
  return {};
}

export const DEFAULT_TENANT = "default";
