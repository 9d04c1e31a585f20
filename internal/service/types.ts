// What the application core offers to every transport (HTTP now, gRPC later). Transports stay thin adapters.
import type { GraphEvent } from "../domain/events.js";
import type { SubmitWarning } from "../domain/route-warnings.js";
import type { GraphState, GraphStatus, NodeStatus } from "../domain/state.js";
import type { TokenUsage } from "../domain/usage.js";
import type { ValidationIssue } from "../domain/validation.js";

export type GraphView = GraphState;

export interface GraphSummary {
  id: string;
  tenantId: string;
  name: string;
  status: GraphStatus;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  nodeCount: number;
}

export interface GraphPage {
  graphs: GraphSummary[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface EventPage {
  events: GraphEvent[];
  /** Pass back as `after` for the next page; absent when the history has no more events now. */
  nextAfter?: string;
}

export interface GraphMetrics {
  graphId: string;
  status: GraphStatus;
  nodeCount: number;
  nodesByStatus: Record<NodeStatus, number>;
  attempts: number;
  retries: number;
  /** From GraphStarted to the end (or to now while running). */
  durationMs?: number;
  queueWaitMs: { total: number; max: number };
  nodeDurationMs: { total: number; max: number; p50?: number };
  events: number;
  /** LLM tokens of every node and attempt, once any node reported usage. */
  usage?: TokenUsage;
  /** Their cost in USD. */
  costUsd?: number;
  /** llm nodes whose answer came from the response cache. */
  cacheHits?: number;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  capabilities: string[];
  nodeTypes: string[];
  poolSize: number;
  busy: number;
  startedAt: number;
  lastHeartbeat: number;
}

export interface ValidateResponse {
  valid: boolean;
  errors: ValidationIssue[];
  levels: string[][];
  /** Nodes no live worker can take now (always present; empty when every node has a worker). */
  warnings: SubmitWarning[];
}

export interface SubmitOptions {
  idempotencyKey?: string;
}

export interface SubmitResult {
  graph: GraphView;
  /** False when an Idempotency-Key matched an earlier submission of the same body. */
  created: boolean;
  /** Nodes no live worker can take now: accepted, but they wait (at most their scheduleTimeoutMs). */
  warnings: SubmitWarning[];
}

export interface ListOptions {
  status?: GraphStatus;
  limit: number;
  cursor?: string;
}

export interface ReadinessReport {
  ready: boolean;
  /** `state` is set by checks that have one (an LLM provider's circuit breaker: closed, half_open, open). */
  checks: Record<string, { ok: boolean; message?: string; state?: string }>;
}

/**
 * The application core. Every method throws DagoError for anything a client did wrong
 * (validation_failed, not_found, invalid_transition, idempotency_conflict) and redis_unavailable when Redis is down.
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
  metrics(tenantId: string, graphId: string): Promise<GraphMetrics>;
  workers(): Promise<WorkerInfo[]>;
  readiness(): Promise<ReadinessReport>;
}
