// Limits of the WebSocket gateway (docs/WEBSOCKET.md).
import type { EnvReader } from "./env-reader.js";
import { integer } from "./env-schemas.js";
import { defaultedVariable } from "./env-variable.js";

/** Limits of the WebSocket gateway (docs/WEBSOCKET.md). */
export interface WsConfig {
  readonly maxPayloadBytes: number;
  readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  readonly maxGraphs: number;
  readonly heartbeatMs: number;
}

export const wsVariables = {
  maxPayloadBytes: defaultedVariable({
    name: "DAGO_WS_MAX_PAYLOAD_BYTES",
    fallback: 65_536,
    description: "Largest WebSocket frame a client may send (larger: close 1009).",
    schema: integer(1024, 67_108_864),
  }),
  maxBufferedBytes: defaultedVariable({
    name: "DAGO_WS_MAX_BUFFERED_BYTES",
    fallback: 8_388_608,
    description:
      "Most bytes waiting to be sent to one WebSocket client; over it the client is closed with 4008.",
    schema: integer(65_536, 1_073_741_824),
  }),
  maxSubscriptions: defaultedVariable({
    name: "DAGO_WS_MAX_SUBSCRIPTIONS",
    fallback: 64,
    description: "Open subscriptions per WebSocket connection.",
    schema: integer(1, 10_000),
  }),
  maxGraphs: defaultedVariable({
    name: "DAGO_WS_MAX_GRAPHS",
    fallback: 500,
    description: "Graphs in one WebSocket subscription.",
    schema: integer(1, 100_000),
  }),
  heartbeatMs: defaultedVariable({
    name: "DAGO_WS_HEARTBEAT_MS",
    fallback: 30_000,
    description:
      "WebSocket ping interval; a connection that missed the previous ping is dropped (100-3600000 ms).",
    schema: integer(100, 3_600_000),
  }),
} as const;

const v = wsVariables;

export function loadWs(r: EnvReader): WsConfig {
  return {
    maxPayloadBytes: r.value(v.maxPayloadBytes),
    maxBufferedBytes: r.value(v.maxBufferedBytes),
    maxSubscriptions: r.value(v.maxSubscriptions),
    maxGraphs: r.value(v.maxGraphs),
    heartbeatMs: r.value(v.heartbeatMs),
  };
}
