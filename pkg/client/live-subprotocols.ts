// Browsers cannot set headers on a WebSocket, so the live connection offers the API key as a subprotocol:
// `dago` (the one the server answers with) and `dago.bearer.<base64url(key)>`, base64url without padding so that
// any key is a valid protocol token (docs/WEBSOCKET.md).
import { BEARER_SUBPROTOCOL_PREFIX, WS_SUBPROTOCOL } from "../../internal/contract/ws-subprotocol.js";

export function liveSubprotocols(key: string): string[] {
  return [WS_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${base64url(key)}`];
}

/** The UTF-8 bytes of `text` in base64url, without padding. */
export function base64url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
