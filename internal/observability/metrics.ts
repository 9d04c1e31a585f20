// Prometheus metrics of one process. Figures that live in Redis (ready-queue depth) are read at scrape time, so
// every process reports the same truth rather than its own guess.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600];
const REDIS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];

export interface QueueDepthSource {
  readyQueueDepth(): Promise<Array<{ route: string; depth: number }>>;
}

/** Circuit breaker states of the LLM providers, read from Redis at scrape time (0 closed, 1 half-open, 2 open). */
export interface LlmBreakerSource {
  llmBreakers(): Promise<Array<{ provider: string; state: "closed" | "half_open" | "open" }>>;
}

const BREAKER_GAUGE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

export class Metrics {
  readonly registry = new Registry();
  readonly graphsSubmitted: Counter<"tenant">;
  readonly graphsEnded: Counter<"status">;
  readonly graphDuration: Histogram<"status">;
  readonly nodeOutcomes: Counter<"type" | "outcome">;
  readonly nodeStarts: Counter<"via">;
  readonly nodeDuration: Histogram<"type" | "outcome">;
  readonly workerBusy: Gauge;
  readonly workerSlots: Gauge;
  readonly redisLatency: Histogram<"operation">;
  readonly httpRequests: Histogram<"route" | "method" | "status">;
  readonly llmRequests: Counter<"provider" | "model" | "result">;
  readonly llmRequestDuration: Histogram<"provider" | "model">;
  readonly llmTokens: Counter<"provider" | "model" | "tenant" | "kind">;
  readonly llmCost: Counter<"provider" | "model" | "tenant">;
  readonly llmCacheLookups: Counter<"provider" | "model" | "result">;
  readonly llmDeferrals: Counter<"provider" | "reason">;
  /** Refreshes the tenant budget gauges from Redis just before a scrape reads them (set by the worker wiring). */
  refreshTenantBudgets: (() => Promise<void>) | undefined;
  readonly tenantBudgetLimit: Gauge<"tenant" | "measure">;
  readonly tenantBudgetSpent: Gauge<"tenant" | "measure">;
  readonly tenantBudgetReserved: Gauge<"tenant" | "measure">;
  readonly wsConnections: Gauge;
  readonly wsSubscriptions: Gauge;
  readonly wsMessagesSent: Counter<"type">;
  readonly wsSlowClientCloses: Counter;
  readonly wsDeliveryLag: Histogram;

  constructor(queue?: QueueDepthSource, llm?: LlmBreakerSource) {
    collectDefaultMetrics({ register: this.registry, prefix: "dago_process_" });
    const registers = [this.registry];
    this.graphsSubmitted = new Counter({
      name: "dago_graphs_submitted_total",
      help: "Graphs accepted by this process",
      labelNames: ["tenant"],
      registers,
    });
    this.graphsEnded = new Counter({
      name: "dago_graphs_ended_total",
      help: "Graphs that ended through a transition this process applied",
      labelNames: ["status"],
      registers,
    });
    this.graphDuration = new Histogram({
      name: "dago_graph_duration_seconds",
      help: "Graph duration from start to end",
      labelNames: ["status"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.nodeOutcomes = new Counter({
      name: "dago_node_outcomes_total",
      help: "Node attempts by outcome (succeeded, failed, retrying, skipped, refused, abandoned)",
      labelNames: ["type", "outcome"],
      registers,
    });
    this.nodeStarts = new Counter({
      name: "dago_node_starts_total",
      help: "Node attempts this process's worker started, by how they reached it (stream: read from a ready stream; handoff: started by the completion that made them ready)",
      labelNames: ["via"],
      registers,
    });
    this.nodeDuration = new Histogram({
      name: "dago_node_duration_seconds",
      help: "Node attempt duration in the executor",
      labelNames: ["type", "outcome"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.workerBusy = new Gauge({ name: "dago_worker_busy_slots", help: "Slots running a node", registers });
    this.workerSlots = new Gauge({
      name: "dago_worker_pool_size",
      help: "Slots of this worker pool",
      registers,
    });
    this.redisLatency = new Histogram({
      name: "dago_redis_command_duration_seconds",
      help: "Latency of engine operations against Redis",
      labelNames: ["operation"],
      buckets: REDIS_BUCKETS,
      registers,
    });
    this.httpRequests = new Histogram({
      name: "dago_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["route", "method", "status"],
      buckets: REDIS_BUCKETS.concat([2.5, 5, 10]),
      registers,
    });
    // Read from Redis at each scrape, for the tenants this process ran LLM calls for; measure costUsd | tokens.
    // prom-client collects the metrics of a scrape concurrently: the three gauges share one refresh.
    this.refreshTenantBudgets = undefined;
    let pending: Promise<void> | undefined;
    const refresh = async () => {
      pending ??= (this.refreshTenantBudgets?.() ?? Promise.resolve())
        .catch(() => undefined)
        .finally(() => {
          pending = undefined;
        });
      await pending;
    };
    const budgetGauge = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ["tenant", "measure"], registers, collect: refresh });
    this.tenantBudgetLimit = budgetGauge(
      "dago_tenant_budget_limit",
      "A tenant's LLM budget for the current period (DAGO_TENANT_BUDGET_USD / _TOKENS)",
    );
    this.tenantBudgetSpent = budgetGauge(
      "dago_tenant_budget_spent",
      "What a tenant's settled LLM calls used this period",
    );
    this.tenantBudgetReserved = budgetGauge(
      "dago_tenant_budget_reserved",
      "Worst cases a tenant's LLM calls in flight hold this period",
    );
    this.wsConnections = new Gauge({
      name: "dago_ws_connections",
      help: "Open WebSocket connections",
      registers,
    });
    this.wsSubscriptions = new Gauge({
      name: "dago_ws_subscriptions",
      help: "Open WebSocket subscriptions",
      registers,
    });
    this.wsMessagesSent = new Counter({
      name: "dago_ws_messages_sent_total",
      help: "WebSocket messages sent, by message type",
      labelNames: ["type"],
      registers,
    });
    this.wsSlowClientCloses = new Counter({
      name: "dago_ws_slow_client_closes_total",
      help: "WebSocket clients closed with 4008 because their send buffer went over the limit",
      registers,
    });
    this.wsDeliveryLag = new Histogram({
      name: "dago_ws_delivery_lag_seconds",
      help: "Time from a live event's recording (its at) to its sending over WebSocket",
      buckets: REDIS_BUCKETS.concat([2.5, 5, 10]),
      registers,
    });
    this.llmRequests = new Counter({
      name: "dago_llm_requests_total",
      help: "LLM calls by provider, model and result (ok or the node error code)",
      labelNames: ["provider", "model", "result"],
      registers,
    });
    this.llmRequestDuration = new Histogram({
      name: "dago_llm_request_duration_seconds",
      help: "Duration of LLM calls, streaming included",
      labelNames: ["provider", "model"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.llmTokens = new Counter({
      name: "dago_llm_tokens_total",
      help: "LLM tokens by kind (input, output, cache_read, cache_write)",
      labelNames: ["provider", "model", "tenant", "kind"],
      registers,
    });
    this.llmCost = new Counter({
      name: "dago_llm_cost_usd_total",
      help: "Cost of LLM calls in USD, from the configured price table",
      labelNames: ["provider", "model", "tenant"],
      registers,
    });
    this.llmCacheLookups = new Counter({
      name: "dago_llm_cache_lookups_total",
      help: "Response cache lookups of llm nodes with cache on, by result (hit, miss)",
      labelNames: ["provider", "model", "result"],
      registers,
    });
    this.llmDeferrals = new Counter({
      name: "dago_llm_deferrals_total",
      help: "Attempts given back without calling the provider (breaker_open, busy)",
      labelNames: ["provider", "reason"],
      registers,
    });
    if (llm) {
      new Gauge({
        name: "dago_llm_breaker_state",
        help: "Circuit breaker of each LLM provider: 0 closed, 1 half-open, 2 open",
        labelNames: ["provider"],
        registers,
        async collect() {
          this.reset();
          for (const { provider, state } of await llm.llmBreakers()) {
            this.set({ provider }, BREAKER_GAUGE_VALUES[state]);
          }
        },
      });
    }
    if (queue) {
      new Gauge({
        name: "dago_ready_queue_depth",
        help: "Ready nodes not yet taken by a worker, by route",
        labelNames: ["route"],
        registers,
        async collect() {
          this.reset();
          for (const { route, depth } of await queue.readyQueueDepth())
            this.set({ route: route || "default" }, depth);
        },
      });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
