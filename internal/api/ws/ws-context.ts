// What every connection of a gateway shares: limits, the watch core, the request gate, metrics.
import type { RequestGate } from "../../auth/index.js";
import type { Metrics } from "../../observability/index.js";
import type { WatchCore } from "../../service/watch/index.js";

export interface WsGatewayOptions {
  partitions: number;
  /** Largest frame a client may send; larger ones close the connection with 1009. */
  maxPayloadBytes: number;
  /** Most bytes waiting to be sent to one client before it is closed with 4008. */
  maxBufferedBytes: number;
  maxSubscriptions: number;
  maxGraphs: number;
  /** Protocol ping interval; a client that did not answer the previous ping is dropped. */
  heartbeatMs: number;
}

export type WsMetrics = Pick<
  Metrics,
  "wsConnections" | "wsSubscriptions" | "wsMessagesSent" | "wsSlowClientCloses" | "wsDeliveryLag"
>;

export interface WsContext {
  options: WsGatewayOptions;
  /** The process's watch core, shared with gRPC WatchGraph; it owns the readers behind every subscription. */
  watches: WatchCore;
  /** Decides which tenant each subscription may read, and counts it against the tenant's rate. */
  gate: RequestGate;
  metrics?: WsMetrics;
}
