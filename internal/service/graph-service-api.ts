// What the application core offers to every transport (HTTP, gRPC, WebSocket). Transports stay thin adapters;
// the shapes it answers with are the wire contract's (internal/contract).
import type { NodeDecisionView, WaitingDecisionPage } from "../contract/decisions.js";
import type { EventPage, GraphMetrics, GraphPage, GraphView } from "../contract/graph-views.js";
import type { ReadinessReport, WorkerInfo } from "../contract/server-info.js";
import type { SubmitResult, ValidateResponse } from "../contract/submission.js";
import type { GraphOrigin } from "../domain/graph-origin.js";
import type { GraphStatus } from "../domain/state.js";

export interface SubmitOptions {
  idempotencyKey?: string;
  /** Where the graph came from (a template run, a schedule, a parent node); set by the core, never by a client. */
  origin?: GraphOrigin;
}

export interface PatchOptions {
  /** The version the graph must be at (an If-Match header); the body may name it as `ifVersion` instead. */
  ifVersion?: number;
}

export interface EventsOptions {
  after?: string;
  limit: number;
  /** Only events of these types (names from EVENT_TYPES; any other is refused); every event when absent. */
  types?: readonly string[];
}

export interface DecisionOptions {
  /** Repeated with the same decision, the key gets the first answer again (an Idempotency-Key header). */
  idempotencyKey?: string;
}

export interface ApprovalListOptions {
  /** Only "waiting" (the default): the open approvals. */
  status?: string;
  limit: number;
  cursor?: string;
}

export interface ListOptions {
  status?: GraphStatus;
  limit: number;
  cursor?: string;
}

/**
 * The application core. Methods that change a graph take `by`, who acted (actorOf(caller) of internal/auth), last;
 * the events they append record it. Every method throws DagoError for anything a client did wrong
 * (validation_failed, not_found, invalid_transition, idempotency_conflict, version_conflict) and redis_unavailable when Redis is down.
 */
export interface GraphServiceApi {
  validate(spec: unknown): Promise<ValidateResponse>;
  submit(tenantId: string, spec: unknown, options: SubmitOptions, by: string): Promise<SubmitResult>;
  get(tenantId: string, graphId: string): Promise<GraphView>;
  list(tenantId: string, options: ListOptions): Promise<GraphPage>;
  events(tenantId: string, graphId: string, options: EventsOptions): Promise<EventPage>;
  pause(tenantId: string, graphId: string, by: string): Promise<GraphView>;
  resume(tenantId: string, graphId: string, by: string): Promise<GraphView>;
  cancel(tenantId: string, graphId: string, by: string): Promise<GraphView>;
  retryNode(tenantId: string, graphId: string, nodeId: string, by: string): Promise<GraphView>;
  patch(
    tenantId: string,
    graphId: string,
    body: unknown,
    options: PatchOptions,
    by: string,
  ): Promise<GraphView>;
  /** Approves a node that waits for a decision, with the data (checked against its schema) and a comment. */
  approve(
    tenantId: string,
    graphId: string,
    nodeId: string,
    body: unknown,
    options: DecisionOptions,
    by: string,
  ): Promise<NodeDecisionView>;
  reject(
    tenantId: string,
    graphId: string,
    nodeId: string,
    body: unknown,
    options: DecisionOptions,
    by: string,
  ): Promise<NodeDecisionView>;
  /** The tenant's nodes that wait for a decision, oldest first. */
  approvals(tenantId: string, options: ApprovalListOptions): Promise<WaitingDecisionPage>;
  /** Pins a node that has not started to `worker` (its id or DAGO_WORKER_NAME), or unpins it (null); `by` is who asked. */
  assignNode(
    tenantId: string,
    graphId: string,
    nodeId: string,
    worker: string | null,
    by: string,
  ): Promise<GraphView>;
  metrics(tenantId: string, graphId: string): Promise<GraphMetrics>;
  workers(): Promise<WorkerInfo[]>;
  readiness(): Promise<ReadinessReport>;
}
