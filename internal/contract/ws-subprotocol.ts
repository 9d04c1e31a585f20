// The WebSocket subprotocols dago speaks, shared by the gateway and the dashboard. Browsers cannot set headers on
// a WebSocket, so a browser offers its API key as a second subprotocol, `dago.bearer.<base64url(key)>` (base64url
// without padding, so any printable key is a valid protocol token); the server only ever answers `dago`.
export const WS_SUBPROTOCOL = "dago";
export const BEARER_SUBPROTOCOL_PREFIX = "dago.bearer.";
