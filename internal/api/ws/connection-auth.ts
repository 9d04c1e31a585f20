// The one place that decides, from the upgrade request, who a WebSocket connection acts as. The API key comes as
// `Authorization: Bearer <key>` on the upgrade request or, from browsers (which cannot set that header), as the
// offered subprotocol `dago.bearer.<base64url(key)>`; each subscription is then checked against the key's tenant
// by the request gate, exactly as an HTTP request naming that tenant would be.
import type { IncomingMessage } from "node:http";
import type { Caller, RequestGate } from "../../auth/index.js";
import { BEARER_SUBPROTOCOL_PREFIX, WS_SUBPROTOCOL } from "../../contract/ws-subprotocol.js";
import { DagoError } from "../../errors/index.js";

export interface ConnectionAuth {
  readonly caller: Caller;
}

/** Throws DagoError `unauthenticated` when a key is required and the upgrade request has no valid one. */
export function authorizeConnection(gate: RequestGate, request: IncomingMessage): ConnectionAuth {
  const header = request.headers.authorization;
  if (header !== undefined || !gate.authRequired) return { caller: gate.authenticate(header) };
  return { caller: gate.authenticate(bearerFromSubprotocols(request.headers["sec-websocket-protocol"])) };
}

/**
 * The subprotocol the server answers with (ws's `handleProtocols`): `dago` when offered, else none. The bearer
 * entry is never echoed, so the key does not travel back in the handshake answer.
 */
export function chooseSubprotocol(offered: Set<string>): string | false {
  return offered.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const PRINTABLE = /^[\x21-\x7e]+$/;

/** `Bearer <key>` from the offered subprotocols, or undefined when none carries a key. */
function bearerFromSubprotocols(header: string | undefined): string | undefined {
  const entries = (header ?? "")
    .split(",")
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX));
  if (entries.length === 0) return undefined;
  if (entries.length > 1) {
    throw new DagoError("unauthenticated", "offer the API key in one subprotocol only");
  }
  const encoded = (entries[0] as string).slice(BEARER_SUBPROTOCOL_PREFIX.length);
  const key = BASE64URL.test(encoded) ? Buffer.from(encoded, "base64url").toString("latin1") : "";
  // Only the canonical encoding of a printable key is accepted: no second spelling of the same key.
  if (!PRINTABLE.test(key) || Buffer.from(key, "latin1").toString("base64url") !== encoded) {
    throw new DagoError(
      "unauthenticated",
      `the ${BEARER_SUBPROTOCOL_PREFIX}<key> subprotocol must carry the API key in base64url without padding`,
    );
  }
  return `Bearer ${key}`;
}
