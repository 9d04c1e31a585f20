// The WebSocket gateway's public surface (protocol: docs/WEBSOCKET.md).

export {
  CLOSE_GOING_AWAY,
  CLOSE_SLOW_CLIENT,
  WS_ERROR_CODES,
  WS_PATH,
  type WsErrorCode,
} from "../../contract/ws-protocol.js";
export type { ConnectionAuth } from "./connection-auth.js";
export { authorizeConnection } from "./connection-auth.js";
export type { WsGatewayOptions, WsMetrics } from "./ws-context.js";
export { WsGateway, type WsGatewayParts } from "./ws-gateway.js";
