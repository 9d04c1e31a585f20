// What every connection of a gateway shares: limits, Redis readers, the partition-log reader, the subscription
// index, metrics.
import type { Redis } from "ioredis";
import type { RequestGate } from "../../auth/index.js";
import type { Metrics } from "../../observability/index.js";
import type { GraphStreamReader } from "../../store/graph-stream-reader.js";
import type { PartitionLogReader } from "../../store/partition-logs.js";
import type { SubscriptionIndex } from "./subscription-index.js";

export interface WsGatewayOptions {
  keyPrefix: string;
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
  /** A fail-fast connection for reads (replays, tenant checks). */
  redis: Redis;
  reader: GraphStreamReader;
  /** The process's one partition-log reader; the subscription index is its consumer. */
  log: PartitionLogReader;
  index: SubscriptionIndex;
  /** Decides which tenant each subscription may read, and counts it against the tenant's rate. */
  gate: RequestGate;
  metrics?: WsMetrics;
}
