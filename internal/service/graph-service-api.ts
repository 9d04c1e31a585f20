// What the application core offers to every transport (HTTP, gRPC, WebSocket). Transports stay thin adapters;
// the shapes it answers with are the wire contract's (internal/contract).
import type { EventPage, GraphMetrics, GraphPage, GraphView } from "../contract/graph-views.js";
import type { ReadinessReport, WorkerInfo } from "../contract/server-info.js";
import type { SubmitResult, ValidateResponse } from "../contract/submission.js";
import type { GraphStatus } from "../domain/state.js";

export interface SubmitOptions {
  idempotencyKey?: string;
}

export interface PatchOptions {
  /** The version the graph must be at (an If-Match header); the body may name it as `ifVersion` instead. */
  ifVersion?: number;
}

export interface ListOptions {
  status?: GraphStatus;
  limit: number;
  cursor?: string;
}

/**
 * The application core. Every method throws DagoError for anything a client did wrong
 * (validation_failed, not_found, invalid_transition, idempotency_conflict, version_conflict) and redis_unavailable when Redis is down.
 */
export interface GraphServiceApi {
  validate(spec: unknown): Promise<ValidateResponse>;
  submit(tenantId: string, spec: unknown, options?: SubmitOptions): Promise<SubmitResult>;
  get(tenantId: string, graphId: string): Promise<GraphView>;
  list(tenantId: string, options: ListOptions): Promise<GraphPage>;
  events(tenantId: string, graphId: string, options: { after?: string; limit: number }): Promise<EventPage>;
  pause(tenantId: string, graphId: string): Promise<GraphView>;
  resume(tenantId: string, graphId: string): Promise<GraphView>;
  cancel(tenantId: string, graphId: string): Promise<GraphView>;
  retryNode(tenantId: string, graphId: string, nodeId: string): Promise<GraphView>;
  /** Pins a node that has not started to `worker` (its id or DAGO_WORKER_NAME), or unpins it (null); `by` is who asked. */
  assignNode(
    tenantId: string,
    graphId: string,
    nodeId: string,
    worker: string | null,
    by: string,
  ): Promise<GraphView>;
  patch(tenantId: string, graphId: string, body: unknown, options?: PatchOptions): Promise<GraphView>;
  metrics(tenantId: string, graphId: string): Promise<GraphMetrics>;
  workers(): Promise<WorkerInfo[]>;
  readiness(): Promise<ReadinessReport>;
}
