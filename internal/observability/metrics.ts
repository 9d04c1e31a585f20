// Prometheus metrics of one process. Figures that live in Redis (ready-queue depth) are read at scrape time, so
// every process reports the same truth rather than its own guess.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600];
const REDIS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];

export interface QueueDepthSource {
  readyQueueDepth(): Promise<Array<{ route: string; depth: number }>>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly graphsSubmitted: Counter<"tenant">;
  readonly graphsEnded: Counter<"status">;
  readonly graphDuration: Histogram<"status">;
  readonly nodeOutcomes: Counter<"type" | "outcome">;
  readonly nodeDuration: Histogram<"type" | "outcome">;
  readonly workerBusy: Gauge;
  readonly workerSlots: Gauge;
  readonly redisLatency: Histogram<"operation">;
  readonly httpRequests: Histogram<"route" | "method" | "status">;

  constructor(queue?: QueueDepthSource) {
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
