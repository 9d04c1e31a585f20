// The application core under every transport: validates requests, calls the engine, checks tenant ownership and
// shapes views. Transports only translate wire formats and DagoErrors.
import { createHash } from "node:crypto";
import { LOCAL_ACTOR } from "../auth/index.js";
import type { NodeDecisionView, WaitingDecisionPage } from "../contract/decisions.js";
import type { EventPage, GraphMetrics, GraphPage, GraphSummary, GraphView } from "../contract/graph-views.js";
import type { ReadinessReport, WorkerInfo } from "../contract/server-info.js";
import type { SubmitResult, ValidateResponse } from "../contract/submission.js";
import { EVENT_TYPES, type EventType } from "../domain/events.js";
import { emptyRecord } from "../domain/fold.js";
import { isGraphId } from "../domain/graph-id.js";
import { DEFAULT_PATCH_LIMITS, type PatchLimits } from "../domain/graph-patch.js";
import { WORKER_NAME_PATTERN } from "../domain/graph-spec.js";
import { routeWarnings } from "../domain/route-warnings.js";
import { GRAPH_STATUSES, NODE_STATUSES, type NodeStatus } from "../domain/state.js";
import { parseStreamId } from "../domain/stream-id.js";
import { validateGraph } from "../domain/validate.js";
import { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from "../domain/validation.js";
import { DagoError, isDagoError } from "../errors/index.js";
import type { GraphStore } from "../store/graph-store.js";
import { type ActiveGraphLimit, type GraphSlot, withGraphSlot } from "../store/quota/index.js";
import type { StoreConnection } from "../store/store-connection.js";
import type { WorkerRegistry } from "../store/worker-registry.js";
import { canonicalJson } from "./canonical-json.js";
import { checkTenant } from "./check-tenant.js";
import { applyClientPatch, bodyVersion, validationFailed } from "./graph-patcher.js";
import type {
  ApprovalListOptions,
  DecisionOptions,
  EventsOptions,
  GraphServiceApi,
  ListOptions,
  PatchOptions,
  SubmitOptions,
} from "./graph-service-api.js";
import { LiveWorkers, servedTypesOf } from "./live-workers.js";
import { type DecisionCall, decideNode, listWaitingDecisions } from "./node-decisions.js";

export interface ServiceLimits extends ValidationLimits, PatchLimits {
  maxEventsPage: number;
  maxListPage: number;
  /** DAGO_MAX_OUTPUT_BYTES: the data of an approval becomes its node's output. */
  maxOutputBytes: number;
}

/** The limits a service gets when none are given: the defaults of the DAGO_* limit variables. */
export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  ...DEFAULT_VALIDATION_LIMITS,
  ...DEFAULT_PATCH_LIMITS,
  maxEventsPage: 1000,
  maxListPage: 500,
  maxOutputBytes: 1_048_576,
};

export interface ServiceObserver {
  graphSubmitted?(tenantId: string): void;
}

export interface GraphServiceOptions {
  store: GraphStore;
  /** The connection `store` speaks on: readiness pings it, and its faults become redis_unavailable. */
  connection: StoreConnection;
  workers: WorkerRegistry;
  /** Default: DEFAULT_SERVICE_LIMITS. */
  limits?: ServiceLimits;
  observer?: ServiceObserver;
  /** Checks of other parts (the LLM providers' circuit breakers), added to readiness as they are. Default: none. */
  moreReadiness?: () => Promise<ReadinessReport["checks"]>;
  /** Per-tenant cap on graphs that have not ended (DAGO_TENANT_MAX_ACTIVE_GRAPHS). Default: no cap. */
  activeGraphs?: ActiveGraphLimit;
}

/**
 * How many pages' worth of entries (maxEventsPage each) a filtered events page looks at before it answers with
 * what it found and a cursor past what it looked at: a rare type in a long history costs a few requests, not one
 * unbounded scan.
 */
const FILTER_SCAN_PAGES = 10;

const CURSOR = /^\d{13}\|[0-9a-hjkmnp-tv-z]{26}-\d{1,4}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The application core. Transports pass `by` (who acted, actorOf of the caller); code that calls the service in
 * process (tests, benchmarks, embedders) may omit it and acts as `local`, as an unauthenticated caller does.
 */
export class GraphService implements GraphServiceApi {
  private readonly liveWorkers = new LiveWorkers(() => this.workers());
  private readonly engine: GraphStore;
  private readonly connection: StoreConnection;
  private readonly registry: WorkerRegistry;
  private readonly limits: ServiceLimits;
  private readonly observer: ServiceObserver;
  private readonly moreReadiness: () => Promise<ReadinessReport["checks"]>;
  private readonly activeGraphs?: ActiveGraphLimit;

  constructor(options: GraphServiceOptions) {
    this.engine = options.store;
    this.connection = options.connection;
    this.registry = options.workers;
    this.limits = options.limits ?? DEFAULT_SERVICE_LIMITS;
    this.observer = options.observer ?? {};
    this.moreReadiness = options.moreReadiness ?? (async () => ({}));
    this.activeGraphs = options.activeGraphs;
  }

  async validate(spec: unknown): Promise<ValidateResponse> {
    const workers = await this.liveWorkers.current();
    const result = validateGraph(spec, this.limits, { servedTypes: servedTypesOf(workers) });
    const warnings = result.valid ? routeWarnings(result.graph.nodes, workers) : [];
    return { valid: result.valid, errors: result.errors, levels: result.levels, warnings };
  }

  async submit(
    tenantId: string,
    spec: unknown,
    options: SubmitOptions = {},
    by: string = LOCAL_ACTOR,
  ): Promise<SubmitResult> {
    checkTenant(tenantId);
    const workers = await this.liveWorkers.current();
    const result = validateGraph(spec, this.limits, { servedTypes: servedTypesOf(workers) });
    if (!result.valid) throw validationFailed(result.errors, "graph");
    let idempotency: { key: string; bodyHash: string } | undefined;
    if (options.idempotencyKey !== undefined) {
      if (!IDEMPOTENCY_KEY.test(options.idempotencyKey)) {
        throw new DagoError("invalid_request", "Idempotency-Key must be 1-255 printable ASCII characters");
      }
      const bodyHash = createHash("sha256").update(canonicalJson(spec)).digest("hex");
      idempotency = { key: options.idempotencyKey, bodyHash };
    }
    return this.guard(async () => {
      const outcome = await withGraphSlot(
        await this.reserveSlot(tenantId, idempotency?.key),
        () => this.engine.submit(tenantId, result.graph, idempotency, by, options.origin),
        (submitted) => (submitted.created ? submitted.graphId : undefined),
      );
      if (outcome.created) this.observer.graphSubmitted?.(tenantId);
      const graph = outcome.state ?? (await this.engine.getState(outcome.graphId));
      if (!graph) throw new DagoError("not_found", `graph ${outcome.graphId} no longer exists`);
      return { graph, created: outcome.created, warnings: routeWarnings(result.graph.nodes, workers) };
    });
  }

  /**
   * A slot under the tenant's active-graph cap. A repeat of a submission that already created its graph needs
   * none, so a client retrying after a lost answer gets its graph even while the tenant is at the cap.
   */
  private async reserveSlot(tenantId: string, idempotencyKey?: string): Promise<GraphSlot | undefined> {
    if (!this.activeGraphs) return undefined;
    try {
      return await this.activeGraphs.reserve(tenantId);
    } catch (err) {
      const repeat =
        isDagoError(err) &&
        err.code === "too_many_active_graphs" &&
        idempotencyKey !== undefined &&
        (await this.engine.idempotentGraph(tenantId, idempotencyKey)) !== undefined;
      if (repeat) return undefined;
      throw err;
    }
  }

  async get(tenantId: string, graphId: string): Promise<GraphView> {
    return this.guard(async () => {
      const state = isGraphId(graphId) ? await this.engine.getState(graphId) : undefined;
      if (!state || state.tenantId !== tenantId) throw notFound(graphId);
      const budget = await this.engine.graphBudget(graphId);
      return budget ? { ...state, budget } : state;
    });
  }

  async list(tenantId: string, options: ListOptions): Promise<GraphPage> {
    checkTenant(tenantId);
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > this.limits.maxListPage) {
      throw new DagoError("invalid_request", `limit must be an integer from 1 to ${this.limits.maxListPage}`);
    }
    if (options.status !== undefined && !GRAPH_STATUSES.includes(options.status)) {
      throw new DagoError("invalid_request", `status must be one of ${GRAPH_STATUSES.join(", ")}`);
    }
    if (options.cursor !== undefined && !CURSOR.test(options.cursor)) {
      throw new DagoError("invalid_request", "cursor is not one this API returned");
    }
    return this.guard(async () => {
      const page = await this.engine.listGraphIds(tenantId, options.status, options.limit, options.cursor);
      const summaries = await this.engine.graphSummaries(page.entries.map((entry) => entry.graphId));
      const graphs: GraphSummary[] = [];
      for (const [i, entry] of page.entries.entries()) {
        const summary = summaries[i];
        if (summary) graphs.push(summary);
        else await this.engine.pruneIndex(tenantId, entry.graphId, entry.createdAt);
      }
      return page.nextCursor ? { graphs, nextCursor: page.nextCursor } : { graphs };
    });
  }

  async events(tenantId: string, graphId: string, options: EventsOptions): Promise<EventPage> {
    // Parsed as the WebSocket gateway parses it: an id Redis would refuse (out of its range) is the client's error.
    if (options.after !== undefined && parseStreamId(options.after) === undefined) {
      throw new DagoError("invalid_request", "after must be an event id such as 1732200000000-0");
    }
    const max = this.limits.maxEventsPage;
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > max) {
      throw new DagoError("invalid_request", `limit must be an integer from 1 to ${max}`);
    }
    const types = options.types === undefined ? undefined : eventTypesOf(options.types);
    return this.guard(async () => {
      await this.owned(tenantId, graphId);
      return this.engine.eventPage(graphId, tenantId, {
        ...(options.after === undefined ? {} : { after: options.after }),
        limit: options.limit,
        ...(types === undefined ? {} : { types }),
        scanLimit: max * FILTER_SCAN_PAGES,
      });
    });
  }

  async pause(tenantId: string, graphId: string, by: string = LOCAL_ACTOR): Promise<GraphView> {
    return this.control(tenantId, graphId, () => this.engine.pause(graphId, by));
  }

  async resume(tenantId: string, graphId: string, by: string = LOCAL_ACTOR): Promise<GraphView> {
    return this.control(tenantId, graphId, () => this.engine.resume(graphId, by));
  }

  async cancel(tenantId: string, graphId: string, by: string = LOCAL_ACTOR): Promise<GraphView> {
    return this.control(tenantId, graphId, () => this.engine.cancel(graphId, by));
  }

  /** A retry makes an ended graph live again, so it takes a slot under the tenant's active-graph cap. */
  async retryNode(
    tenantId: string,
    graphId: string,
    nodeId: string,
    by: string = LOCAL_ACTOR,
  ): Promise<GraphView> {
    return this.control(tenantId, graphId, async () =>
      withGraphSlot(
        await this.activeGraphs?.reserveFor(tenantId, graphId),
        () => this.engine.retryNode(graphId, nodeId, by),
        () => graphId,
      ),
    );
  }

  async assignNode(
    tenantId: string,
    graphId: string,
    nodeId: string,
    worker: string | null,
    by: string,
  ): Promise<GraphView> {
    if (worker !== null && (typeof worker !== "string" || !WORKER_NAME_PATTERN.test(worker))) {
      throw new DagoError(
        "invalid_request",
        "worker must be a worker's id or name (1-128 of A-Z a-z 0-9 _ . : -) or null",
        [{ code: "bad_field", message: "worker is not a worker name", path: "/worker" }],
      );
    }
    return this.control(tenantId, graphId, () =>
      this.engine.assignNode(graphId, nodeId, worker ?? undefined, by),
    );
  }

  /**
   * Edits a graph that has not ended. `ifVersion` (from an If-Match header) and the body's own `ifVersion` must
   * agree when both are given; the graph must be at that version when the edit applies.
   */
  async patch(
    tenantId: string,
    graphId: string,
    body: unknown,
    options: PatchOptions = {},
    by: string = LOCAL_ACTOR,
  ): Promise<GraphView> {
    const inBody = bodyVersion(body);
    if (options.ifVersion !== undefined && inBody !== undefined && options.ifVersion !== inBody) {
      throw new DagoError("invalid_request", "If-Match and ifVersion name different versions");
    }
    const ifVersion = options.ifVersion ?? inBody;
    return this.guard(async () => {
      if (!isGraphId(graphId)) throw notFound(graphId);
      const workers = await this.liveWorkers.current();
      const request = { graphId, tenantId, body, by, ...(ifVersion === undefined ? {} : { ifVersion }) };
      await applyClientPatch(this.engine, request, this.limits, { servedTypes: servedTypesOf(workers) });
      return this.get(tenantId, graphId);
    });
  }

  approve(
    tenantId: string,
    graphId: string,
    nodeId: string,
    body: unknown,
    options: DecisionOptions,
    by: string = LOCAL_ACTOR,
  ): Promise<NodeDecisionView> {
    return this.decide({ tenantId, graphId, nodeId, approved: true, body, by, ...options });
  }

  reject(
    tenantId: string,
    graphId: string,
    nodeId: string,
    body: unknown,
    options: DecisionOptions,
    by: string = LOCAL_ACTOR,
  ): Promise<NodeDecisionView> {
    return this.decide({ tenantId, graphId, nodeId, approved: false, body, by, ...options });
  }

  private decide(call: DecisionCall): Promise<NodeDecisionView> {
    return this.guard(async () => {
      await this.owned(call.tenantId, call.graphId);
      return decideNode(this.engine, call, this.limits.maxOutputBytes);
    });
  }

  async approvals(tenantId: string, options: ApprovalListOptions): Promise<WaitingDecisionPage> {
    checkTenant(tenantId);
    const limit = Math.min(Math.max(1, options.limit), this.limits.maxListPage);
    return this.guard(() => listWaitingDecisions(this.engine, tenantId, { ...options, limit }));
  }

  async metrics(tenantId: string, graphId: string): Promise<GraphMetrics> {
    const state = await this.get(tenantId, graphId);
    return graphMetrics(state, Date.now());
  }

  async workers(): Promise<WorkerInfo[]> {
    return this.guard(() => this.registry.live());
  }

  async readiness(): Promise<ReadinessReport> {
    const checks: ReadinessReport["checks"] = {};
    try {
      await this.connection.ping();
      checks.redis = { ok: true };
    } catch (err) {
      checks.redis = { ok: false, message: (err as Error).message };
    }
    if (checks.redis.ok) {
      try {
        await this.connection.ensureScriptsLoaded();
        checks.scripts = { ok: true };
      } catch (err) {
        checks.scripts = { ok: false, message: (err as Error).message };
      }
    }
    if (checks.redis.ok) {
      try {
        Object.assign(checks, await this.moreReadiness());
      } catch (err) {
        checks.llm = { ok: false, message: (err as Error).message };
      }
    }
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async owned(tenantId: string, graphId: string): Promise<void> {
    const tenant = isGraphId(graphId) ? await this.engine.graphTenant(graphId) : undefined;
    if (tenant !== tenantId) throw notFound(graphId);
  }

  private async control(tenantId: string, graphId: string, op: () => Promise<void>): Promise<GraphView> {
    return this.guard(async () => {
      await this.owned(tenantId, graphId);
      await op();
      return this.get(tenantId, graphId);
    });
  }

  /** Redis faults become redis_unavailable (503, retryable by the client); anything else stays a 500. */
  private guard<T>(fn: () => Promise<T>): Promise<T> {
    return this.connection.guard(fn);
  }
}

function notFound(graphId: string): DagoError {
  return new DagoError("not_found", `graph ${graphId} not found`);
}

/** The types an events page is filtered by; a name EVENT_TYPES does not know is refused, listing those it does. */
function eventTypesOf(names: readonly string[]): ReadonlySet<EventType> {
  const known: readonly string[] = EVENT_TYPES;
  if (names.length === 0) {
    throw new DagoError("invalid_request", "types must name at least one event type", [
      {
        code: "unknown_event_type",
        message: "no event type given",
        path: "types",
        knownTypes: [...EVENT_TYPES],
      },
    ]);
  }
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => JSON.stringify(name.slice(0, 64))).join(", ");
    throw new DagoError("invalid_request", `types names unknown event types: ${listed}`, [
      {
        code: "unknown_event_type",
        message: `unknown: ${listed}`,
        path: "types",
        knownTypes: [...EVENT_TYPES],
      },
    ]);
  }
  return new Set(names as EventType[]);
}

export function graphMetrics(state: GraphView, now: number): GraphMetrics {
  const nodesByStatus = emptyRecord<number>() as Record<NodeStatus, number>;
  for (const status of NODE_STATUSES) nodesByStatus[status] = 0;
  let attempts = 0;
  let retries = 0;
  let waitTotal = 0;
  let waitMax = 0;
  const durations: number[] = [];
  for (const node of Object.values(state.nodes)) {
    nodesByStatus[node.status] += 1;
    attempts += node.attempt;
    retries += Math.max(0, node.attempt - 1);
    if (node.readyAt !== undefined && node.startedAt !== undefined && node.startedAt >= node.readyAt) {
      const wait = node.startedAt - node.readyAt;
      waitTotal += wait;
      waitMax = Math.max(waitMax, wait);
    }
    if (node.status === "succeeded" && node.startedAt !== undefined && node.endedAt !== undefined) {
      durations.push(node.endedAt - node.startedAt);
    }
  }
  durations.sort((a, b) => a - b);
  const metrics: GraphMetrics = {
    graphId: state.id,
    status: state.status,
    nodeCount: Object.keys(state.nodes).length,
    nodesByStatus,
    attempts,
    retries,
    queueWaitMs: { total: waitTotal, max: waitMax },
    nodeDurationMs: {
      total: durations.reduce((a, b) => a + b, 0),
      max: durations[durations.length - 1] ?? 0,
    },
    events: state.version,
  };
  if (state.usage) metrics.usage = state.usage;
  if (state.budget) metrics.budget = state.budget;
  if (state.costUsd !== undefined) metrics.costUsd = state.costUsd;
  const cached = Object.values(state.nodes).filter((n) => n.cacheHit === true).length;
  if (cached > 0) metrics.cacheHits = cached;
  const p50 = durations[Math.floor((durations.length - 1) / 2)];
  if (p50 !== undefined) metrics.nodeDurationMs.p50 = p50;
  if (state.startedAt !== undefined) metrics.durationMs = (state.endedAt ?? now) - state.startedAt;
  return metrics;
}
