// The shapes a DagoClient takes and returns. Server-side shapes are re-used from the service layer so the client
// and the server cannot drift apart.

import type { GraphView } from "../../internal/contract/graph-views.js";
import type { EventType } from "../../internal/domain/events.js";
import type { SubmitWarning } from "../../internal/domain/route-warnings.js";
import type { GraphStatus } from "../../internal/domain/state.js";
import type { WebSocketFactory } from "./web-socket.js";

export type { ErrorDetail } from "../../internal/contract/error-catalog.js";

/** The fetch function the client calls; the global one unless another is given (tests, proxies, instrumentation). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface DagoClientOptions {
  /** Where the server listens, e.g. "http://localhost:8080". A trailing slash is ignored. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Act for this tenant, through the /api/v1/tenants/:tenantId/workflows routes. */
  tenantId?: string;
  /** How long one request may take, answer included (30 s by default). */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** How WebSockets are made (live() and waitForEnd): the `ws` package under Node, the global one elsewhere. */
  webSocket?: WebSocketFactory;
}

/** Accepted by every call: aborting rejects the call with the signal's reason. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface SubmitRequestOptions extends CallOptions {
  /** Submitting the same body again with the same key returns the first graph instead of a new one. */
  idempotencyKey?: string;
}

export interface PatchRequestOptions extends CallOptions {
  /** Apply the patch only while the graph is at this version (its `version`); sent as `If-Match`. */
  ifVersion?: number;
}

export interface SubmitResponse {
  id: string;
  status: GraphStatus;
  graph: GraphView;
  /** False when the Idempotency-Key matched an earlier submission (HTTP 200 rather than 201). */
  created: boolean;
  /** Nodes no live worker can take now: accepted, but they wait (at most their scheduleTimeoutMs). */
  warnings: SubmitWarning[];
}

export interface ListQuery extends CallOptions {
  status?: GraphStatus;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ApprovalsQuery extends CallOptions {
  /** Only "waiting" is known: the list holds the open approvals. */
  status?: "waiting";
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ApproveOptions extends CallOptions {
  /** Must match the node's `schema` when it has one. */
  data?: unknown;
  comment?: string;
  /** A repeat with the same key answers the first decision instead of a 409. */
  idempotencyKey?: string;
}

export interface RejectOptions extends CallOptions {
  comment?: string;
  idempotencyKey?: string;
}

export interface EventsQuery extends CallOptions {
  /** Only events after this event id; the `nextAfter` of the previous page. */
  after?: string;
  limit?: number;
  /**
   * Only events of these types (`["GraphPaused", "NodeFailed"]`); every type when absent. A filtered page may hold
   * fewer than `limit` events, even none, and still have a `nextAfter`: keep paging until it is absent.
   */
  types?: readonly EventType[];
}

export interface WaitOptions extends CallOptions {
  /** Delay between two looks at the graph when it is polled, without a WebSocket (500 ms by default). */
  pollMs?: number;
  /** Give up with a DagoTimeoutError after this long; no limit by default. */
  timeoutMs?: number;
}

export interface FollowOptions extends CallOptions {
  /** Start after this event id; from the first event by default. */
  after?: string;
  /** Delay between two looks once the history is caught up (1000 ms by default). */
  pollMs?: number;
  /** Page size asked of the server; the server's default when unset. */
  limit?: number;
  /** Only events of these types; every type when absent. */
  types?: readonly EventType[];
}

export interface HealthResponse {
  status: string;
}
