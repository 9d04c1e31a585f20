// A typed client for the dago gRPC API (proto/dago/v1), for Node services that prefer gRPC to HTTP. It takes and
// returns the same shapes as the HTTP client (DagoClient), so code can move between the two.
//
//   import { DagoGrpcClient } from "dago/grpc";
//   const dago = new DagoGrpcClient({ address: "localhost:9090" });
//   const { id } = await dago.submit(spec);
//   for await (const event of dago.watch(id)) console.log(event.type, event.nodeId ?? "");
import {
  type ChannelCredentials,
  type ChannelOptions,
  type ClientUnaryCall,
  credentials,
  type CallOptions as GrpcCallOptions,
  Metadata,
  makeClientConstructor,
  type requestCallback,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { service as healthService } from "grpc-health-check";
import { nodeDecisionFromProto, waitingPageFromProto } from "../internal/api/grpc/decision-codec.js";
import { graphStatusToProto } from "../internal/api/grpc/enum-codec.js";
import { ERROR_CODE_TRAILER, STATUS_DETAILS_TRAILER } from "../internal/api/grpc/error-status.js";
import { eventFromProto } from "../internal/api/grpc/event-codec.js";
import type { ApproveNodeRequest } from "../internal/api/grpc/generated/dago/v1/ApproveNodeRequest.js";
import type {
  OrchestratorClient,
  OrchestratorDefinition,
} from "../internal/api/grpc/generated/dago/v1/Orchestrator.js";
import type { RejectNodeRequest } from "../internal/api/grpc/generated/dago/v1/RejectNodeRequest.js";
import { loadDagoProto } from "../internal/api/grpc/load-proto.js";
import { patchToProto } from "../internal/api/grpc/patch-codec.js";
import { specToProto } from "../internal/api/grpc/spec-codec.js";
import {
  graphFromProto,
  metricsFromProto,
  summaryFromProto,
  validationFromProto,
  workerFromProto,
} from "../internal/api/grpc/state-codec.js";
import { decodeStatus } from "../internal/api/grpc/status-details.js";
import { toValue } from "../internal/api/grpc/struct-codec.js";
import { warningFromProto } from "../internal/api/grpc/warning-codec.js";
import type { NodeDecisionView, WaitingDecisionPage } from "../internal/contract/decisions.js";
import type { ErrorDetail } from "../internal/contract/error-catalog.js";
import type { EventPage, GraphMetrics, GraphPage, GraphView } from "../internal/contract/graph-views.js";
import type { WorkerInfo } from "../internal/contract/server-info.js";
import type { ValidateResponse } from "../internal/contract/submission.js";
import type { GraphEvent } from "../internal/domain/events.js";
import type { GraphPatchSpec } from "../internal/domain/graph-patch.js";
import type { GraphSpec } from "../internal/domain/graph-spec.js";
import { TERMINAL_GRAPH_STATUSES } from "../internal/domain/state.js";
import { currentVersionOf, DagoClientError, DagoConnectionError, DagoTimeoutError } from "./client/errors.js";
import type {
  ApprovalsQuery,
  ApproveOptions,
  CallOptions,
  EventsQuery,
  ListQuery,
  PatchRequestOptions,
  RejectOptions,
  SubmitRequestOptions,
  SubmitResponse,
} from "./client/types.js";

export { DagoClientError, DagoConnectionError, DagoTimeoutError } from "./client/errors.js";
export type {
  ApprovalsQuery,
  ApproveOptions,
  CallOptions,
  EventsQuery,
  ListQuery,
  PatchRequestOptions,
  RejectOptions,
  SubmitRequestOptions,
  SubmitResponse,
} from "./client/types.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const TENANT_METADATA = "x-dago-tenant";

export interface DagoGrpcClientOptions {
  /** host:port of the gRPC API, e.g. "localhost:9090". */
  address: string;
  /** Act for this tenant (sent as `x-dago-tenant`); the server's "default" tenant when unset. */
  tenantId?: string;
  /** Sent as `authorization: Bearer <apiKey>` metadata, when the server requires API keys. */
  apiKey?: string;
  /** Plaintext by default; pass credentials.createSsl() behind TLS. */
  credentials?: ChannelCredentials;
  /** Deadline of each call except watch (30 s by default). */
  timeoutMs?: number;
  channelOptions?: ChannelOptions;
}

export interface WatchOptions extends CallOptions {
  /** Resume after this event id (the last one seen); from the first event by default. */
  after?: string;
}

export interface GrpcWaitOptions extends CallOptions {
  /** Give up with a DagoTimeoutError after this long; no limit by default. */
  timeoutMs?: number;
}

export type HealthStatus = "SERVING" | "NOT_SERVING" | "UNKNOWN" | "SERVICE_UNKNOWN";

/** The server refused the call: `code` is the error code of docs/ERRORS.md, `grpcCode` the gRPC status. */
export class DagoGrpcError extends DagoClientError {
  readonly grpcCode: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(grpcCode: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "DagoGrpcError";
    this.grpcCode = grpcCode;
    this.code = code;
    this.details = details;
  }

  /** For version_conflict: the version the graph is at now (read it again and decide anew). */
  get currentVersion(): number | undefined {
    return currentVersionOf(this.details);
  }
}

type UnaryMethod<Req, Res> = (
  argument: Req,
  metadata: Metadata,
  options: GrpcCallOptions,
  callback: requestCallback<Res>,
) => ClientUnaryCall;

type Unary = Exclude<keyof OrchestratorDefinition, "WatchGraph">;
type RequestOf<K extends Unary> =
  OrchestratorDefinition[K] extends MethodDefinition<infer Req, infer _Res, infer _ReqOut, infer _ResOut>
    ? Req
    : never;
type ResponseOf<K extends Unary> =
  OrchestratorDefinition[K] extends MethodDefinition<infer _Req, infer _Res, infer _ReqOut, infer ResOut>
    ? ResOut
    : never;

interface HealthClient {
  check(
    request: { service: string },
    metadata: Metadata,
    options: GrpcCallOptions,
    callback: requestCallback<{ status: HealthStatus }>,
  ): ClientUnaryCall;
  close(): void;
}

export class DagoGrpcClient {
  readonly address: string;
  readonly tenantId: string | undefined;
  readonly #apiKey: string | undefined;
  readonly #client: OrchestratorClient;
  readonly #health: HealthClient;
  readonly #timeoutMs: number;

  constructor(options: DagoGrpcClientOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.address = options.address;
    this.tenantId = options.tenantId;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = timeoutMs;
    const creds = options.credentials ?? credentials.createInsecure();
    const Orchestrator = loadDagoProto().dago.v1.Orchestrator;
    this.#client = new Orchestrator(options.address, creds, options.channelOptions);
    // Shares the channel of the Orchestrator client.
    const Health = makeClientConstructor(healthService, "grpc.health.v1.Health");
    this.#health = new Health(options.address, creds, {
      ...options.channelOptions,
      channelOverride: this.#client.getChannel(),
    }) as unknown as HealthClient;
  }

  /** Submits a graph. The server validates it; an invalid graph is a DagoGrpcError with code validation_failed. */
  async submit(spec: GraphSpec, options: SubmitRequestOptions = {}): Promise<SubmitResponse> {
    const request = { graph: specToProto(spec), idempotencyKey: options.idempotencyKey ?? "" };
    const answer = await this.#call("SubmitGraph", request, options);
    const graph = graphFromProto(answer.graph ?? {});
    return {
      id: graph.id,
      status: graph.status,
      graph,
      created: answer.created ?? false,
      warnings: answer.warnings.map(warningFromProto),
    };
  }

  /** Asks the server to validate a spec without submitting it. An invalid spec is an answer, not an error. */
  async validate(spec: unknown, options: CallOptions = {}): Promise<ValidateResponse> {
    const answer = await this.#call("ValidateGraph", { graph: specToProto(spec) }, options);
    return validationFromProto(answer);
  }

  async get(id: string, options: CallOptions = {}): Promise<GraphView> {
    return graphFromProto((await this.#call("GetGraph", { graphId: id }, options)).graph ?? {});
  }

  /** One page of graphs, newest first. Pass `nextCursor` back as `cursor` for the next page. */
  async list(query: ListQuery = {}): Promise<GraphPage> {
    const request = {
      ...(query.status ? { status: graphStatusToProto(query.status) } : {}),
      limit: query.limit ?? 0,
      cursor: query.cursor ?? "",
    };
    const answer = await this.#call("ListGraphs", request, query);
    const graphs = answer.graphs.map(summaryFromProto);
    return answer.nextCursor ? { graphs, nextCursor: answer.nextCursor } : { graphs };
  }

  /** One page of a graph's events, oldest first. Pass `nextAfter` back as `after` for the next page. */
  async events(id: string, query: EventsQuery = {}): Promise<EventPage> {
    const request = {
      graphId: id,
      after: query.after ?? "",
      limit: query.limit ?? 0,
      types: [...(query.types ?? [])],
    };
    const answer = await this.#call("GetGraphEvents", request, query);
    const events = answer.events.map(eventFromProto);
    return answer.nextAfter ? { events, nextAfter: answer.nextAfter } : { events };
  }

  async pause(id: string, options: CallOptions = {}): Promise<GraphView> {
    return graphFromProto((await this.#call("PauseGraph", { graphId: id }, options)).graph ?? {});
  }

  async resume(id: string, options: CallOptions = {}): Promise<GraphView> {
    return graphFromProto((await this.#call("ResumeGraph", { graphId: id }, options)).graph ?? {});
  }

  async cancel(id: string, options: CallOptions = {}): Promise<GraphView> {
    return graphFromProto((await this.#call("CancelGraph", { graphId: id }, options)).graph ?? {});
  }

  /** Runs a failed node again, and whatever its failure had cancelled or skipped. */
  async retryNode(id: string, nodeId: string, options: CallOptions = {}): Promise<GraphView> {
    const answer = await this.#call("RetryNode", { graphId: id, nodeId }, options);
    return graphFromProto(answer.graph ?? {});
  }

  /** Pins a node that has not started to a worker (its id or DAGO_WORKER_NAME), or unpins it with null. */
  async assignNode(
    id: string,
    nodeId: string,
    worker: string | null,
    options: CallOptions = {},
  ): Promise<GraphView> {
    const request = worker === null ? { graphId: id, nodeId } : { graphId: id, nodeId, worker };
    const answer = await this.#call("AssignNode", request, options);
    return graphFromProto(answer.graph ?? {});
  }

  /**
   * Edits a graph that has not ended and returns it as patched, with its new version. With `ifVersion`, only while
   * the graph is still at that version: otherwise a DagoGrpcError with code version_conflict (ABORTED) whose
   * `currentVersion` is the graph's version now.
   */
  async patchGraph(id: string, patch: GraphPatchSpec, options: PatchRequestOptions = {}): Promise<GraphView> {
    const answer = await this.#call("PatchGraph", patchToProto(id, patch, options.ifVersion), options);
    return graphFromProto(answer.graph ?? {});
  }

  async metrics(id: string, options: CallOptions = {}): Promise<GraphMetrics> {
    const answer = await this.#call("GetGraphMetrics", { graphId: id }, options);
    return metricsFromProto(answer.metrics ?? { nodesByStatus: [] });
  }

  /**
   * Approves a node that waits for a decision, with `data` checked against its schema (validation_failed,
   * INVALID_ARGUMENT). A node already decided or not waiting is invalid_transition (FAILED_PRECONDITION); a
   * repeat with the same idempotencyKey answers the first answer, another decision with it is
   * idempotency_conflict (ALREADY_EXISTS).
   */
  async approve(id: string, nodeId: string, options: ApproveOptions = {}): Promise<NodeDecisionView> {
    const request: ApproveNodeRequest = { graphId: id, nodeId, idempotencyKey: options.idempotencyKey ?? "" };
    if (options.data !== undefined) request.data = toValue(options.data);
    if (options.comment !== undefined) request.comment = options.comment;
    return nodeDecisionFromProto(await this.#call("ApproveNode", request, options));
  }

  /** Rejects a node that waits for a decision; errors as approve. */
  async reject(id: string, nodeId: string, options: RejectOptions = {}): Promise<NodeDecisionView> {
    const request: RejectNodeRequest = { graphId: id, nodeId, idempotencyKey: options.idempotencyKey ?? "" };
    if (options.comment !== undefined) request.comment = options.comment;
    return nodeDecisionFromProto(await this.#call("RejectNode", request, options));
  }

  /** One page of the tenant's nodes that wait for a decision. Pass `nextCursor` back as `cursor`. */
  async approvals(query: ApprovalsQuery = {}): Promise<WaitingDecisionPage> {
    const request = { status: query.status ?? "", limit: query.limit ?? 0, cursor: query.cursor ?? "" };
    return waitingPageFromProto(await this.#call("ListApprovals", request, query));
  }

  async workers(options: CallOptions = {}): Promise<WorkerInfo[]> {
    return (await this.#call("ListWorkers", {}, options)).workers.map(workerFromProto);
  }

  /** The standard health check: SERVING while the server can reach Redis. `service` "" is the whole server. */
  async health(service = "", options: CallOptions = {}): Promise<HealthStatus> {
    const check = this.#health.check.bind(this.#health);
    return (await this.#unary(check, { service }, options)).status;
  }

  /**
   * The graph's events after `after`, then each new one as it happens, each exactly once; the iteration ends after
   * the event that ended the graph. Breaking out of the loop or aborting the signal cancels the stream.
   */
  async *watch(id: string, options: WatchOptions = {}): AsyncGenerator<GraphEvent, void, undefined> {
    const { signal } = options;
    signal?.throwIfAborted();
    const call = this.#client.watchGraph({ graphId: id, after: options.after ?? "" }, this.#metadata());
    const onAbort = () => call.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const message of call) yield eventFromProto(message.event ?? {});
    } catch (err) {
      signal?.throwIfAborted();
      throw this.#error(err as ServiceError);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      call.cancel();
    }
  }

  /** Resolves with the graph's final view once it has succeeded, failed or been cancelled. */
  async waitForEnd(id: string, options: GrpcWaitOptions = {}): Promise<GraphView> {
    const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
    const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    try {
      const graph = await this.get(id, signal ? { signal } : {});
      if (TERMINAL_GRAPH_STATUSES.has(graph.status)) return graph;
      for await (const _ of this.watch(id, { after: graph.lastEventId, ...(signal ? { signal } : {}) })) {
        // Only the end of the stream matters here.
      }
      return await this.get(id, signal ? { signal } : {});
    } catch (err) {
      if (timeout?.aborted && !options.signal?.aborted) {
        throw new DagoTimeoutError(id, `graph ${id} did not end within ${options.timeoutMs} ms`);
      }
      throw err;
    }
  }

  /** Closes the channel; calls under way fail. */
  close(): void {
    this.#client.close();
  }

  #metadata(): Metadata {
    const metadata = new Metadata();
    if (this.tenantId !== undefined) metadata.set(TENANT_METADATA, this.tenantId);
    if (this.#apiKey !== undefined) metadata.set("authorization", `Bearer ${this.#apiKey}`);
    return metadata;
  }

  #call<K extends Unary>(method: K, request: RequestOf<K>, options: CallOptions): Promise<ResponseOf<K>> {
    // The client has one method per RPC under the RPC's own name.
    const methods = this.#client as unknown as Record<K, UnaryMethod<RequestOf<K>, ResponseOf<K>>>;
    return this.#unary(methods[method].bind(this.#client), request, options);
  }

  #unary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: CallOptions): Promise<Res> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Res>((resolve, reject) => {
      const onAbort = () => call.cancel();
      const call = method(
        request,
        this.#metadata(),
        { deadline: Date.now() + this.#timeoutMs },
        (err, response) => {
          signal?.removeEventListener("abort", onAbort);
          if (signal?.aborted) reject(signal.reason);
          else if (err) reject(this.#error(err));
          else resolve(response as Res);
        },
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #error(err: ServiceError): Error {
    if (typeof err?.code !== "number") return err;
    const [bin] = err.metadata?.get(STATUS_DETAILS_TRAILER) ?? [];
    const decoded = Buffer.isBuffer(bin) ? decodeStatus(bin) : undefined;
    const [trailer] = err.metadata?.get(ERROR_CODE_TRAILER) ?? [];
    const code = decoded?.code ?? (typeof trailer === "string" ? trailer : undefined);
    if (code === undefined && err.code === status.UNAVAILABLE) {
      return new DagoConnectionError(
        this.address,
        `cannot reach the dago gRPC API at ${this.address}: ${err.details}`,
        {
          cause: err,
        },
      );
    }
    const name = (status[err.code] ?? "UNKNOWN").toLowerCase();
    return new DagoGrpcError(err.code, code ?? name, err.details, decoded?.details ?? []);
  }
}
