// The Orchestrator service as gRPC handlers. Each one only translates: message -> service call -> message.
// Rules (validation, ownership, transitions) live in the service; errors become statuses in error-status.ts.
import { once } from "node:events";
import type {
  handleServerStreamingCall,
  handleUnaryCall,
  ServerWritableStream,
  StatusObject,
} from "@grpc/grpc-js";
import { openGate, type RequestGate } from "../../auth/index.js";
import type { GraphView } from "../../contract/graph-views.js";
import type { GraphStatus } from "../../domain/index.js";
import type { Logger } from "../../observability/index.js";
import {
  type GraphServiceApi,
  type GraphWatchApi,
  OPERATIONS,
  type OperationName,
  roleOf,
} from "../../service/index.js";
import { type Caller, callerOf } from "./caller.js";
import {
  approveBodyFromProto,
  idempotencyOptions,
  nodeDecisionToProto,
  rejectBodyFromProto,
  waitingPageToProto,
} from "./decision-codec.js";
import { graphStatusFromProto } from "./enum-codec.js";
import { toGrpcStatus } from "./error-status.js";
import { eventToProto } from "./event-codec.js";
import type { Graph } from "./generated/dago/v1/Graph.js";
import type { OrchestratorHandlers } from "./generated/dago/v1/Orchestrator.js";
import type { WatchGraphRequest__Output } from "./generated/dago/v1/WatchGraphRequest.js";
import type { WatchGraphResponse } from "./generated/dago/v1/WatchGraphResponse.js";
import { patchFromProto } from "./patch-codec.js";
import { specFromProto } from "./spec-codec.js";
import {
  graphToProto,
  metricsToProto,
  summaryToProto,
  validationToProto,
  workerToProto,
} from "./state-codec.js";
import { ensureDecoded } from "./undecodable-request.js";
import { warningToProto } from "./warning-codec.js";

export interface OrchestratorDeps {
  service: GraphServiceApi;
  /** Authentication, tenant access and rate limits; without one, the API is open and unlimited. */
  gate?: RequestGate;
  watcher: GraphWatchApi;
  logger: Logger;
  /** Page size of ListGraphs when the request sets none (OPERATIONS.list by default). */
  defaultListLimit?: number;
  /** Page size of GetGraphEvents when the request sets none (OPERATIONS.events by default). */
  defaultEventsLimit?: number;
}

/** The WatchGraph calls under way, so a stopping server can end them instead of waiting for them. */
export class ActiveWatches {
  private readonly controllers = new Set<AbortController>();

  get size(): number {
    return this.controllers.size;
  }

  add(controller: AbortController): () => void {
    this.controllers.add(controller);
    return () => this.controllers.delete(controller);
  }

  /** Ends every watch with this status. */
  abortAll(status: Partial<StatusObject>): void {
    for (const controller of this.controllers) controller.abort(status);
  }
}

export function orchestratorHandlers(deps: OrchestratorDeps, watches: ActiveWatches): OrchestratorHandlers {
  const { service, watcher, logger } = deps;
  const gate = deps.gate ?? openGate();
  const listLimit = deps.defaultListLimit ?? OPERATIONS.list.page.defaultLimit;
  const eventsLimit = deps.defaultEventsLimit ?? OPERATIONS.events.page.defaultLimit;
  const approvalsLimit = OPERATIONS.approvals.page.defaultLimit;
  const unary = <Req, Res>(
    operation: OperationName,
    run: (request: Req, caller: Caller) => Promise<Res>,
  ): handleUnaryCall<Req, Res> => {
    return (call, callback) => {
      // The deadline passed or the client left before the call was dispatched: do not start the work.
      if (call.cancelled) return;
      Promise.resolve()
        .then(async () => {
          const caller = await callerOf(gate, call.metadata, roleOf(operation));
          ensureDecoded(call.request);
          return run(call.request, caller);
        })
        .then(
          (response) => callback(null, response),
          (err: unknown) =>
            callback(
              toGrpcStatus(err, (e) => logger.error("gRPC call failed", { method: call.getPath(), err: e })),
            ),
        );
    };
  };
  const graphAnswer = (graph: GraphView): { graph: Graph } => ({ graph: graphToProto(graph) });

  return {
    SubmitGraph: unary("submit", async (req, { tenantId, by }) => {
      const spec = specFromProto(req.graph);
      const options = req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {};
      const result = await service.submit(tenantId, spec, options, by);
      return {
        graph: graphToProto(result.graph),
        created: result.created,
        warnings: result.warnings.map(warningToProto),
      };
    }),
    ValidateGraph: unary("validate", async (req) =>
      validationToProto(await service.validate(specFromProto(req.graph))),
    ),
    GetGraph: unary("get", async (req, { tenantId }) =>
      graphAnswer(await service.get(tenantId, req.graphId ?? "")),
    ),
    ListGraphs: unary("list", async (req, { tenantId }) => {
      const page = await service.list(tenantId, {
        limit: req.limit || listLimit,
        ...statusFilter(req.status),
        ...(req.cursor ? { cursor: req.cursor } : {}),
      });
      return { graphs: page.graphs.map(summaryToProto), nextCursor: page.nextCursor ?? "" };
    }),
    GetGraphEvents: unary("events", async (req, { tenantId }) => {
      const page = await service.events(tenantId, req.graphId ?? "", {
        limit: req.limit || eventsLimit,
        ...(req.after ? { after: req.after } : {}),
        // Empty means every type: proto3 cannot tell an empty list from an absent one.
        ...(req.types && req.types.length > 0 ? { types: req.types } : {}),
      });
      return { events: page.events.map(eventToProto), nextAfter: page.nextAfter ?? "" };
    }),
    WatchGraph: watchHandler(gate, watcher, logger, watches),
    PauseGraph: unary("pause", async (req, { tenantId, by }) =>
      graphAnswer(await service.pause(tenantId, req.graphId ?? "", by)),
    ),
    ResumeGraph: unary("resume", async (req, { tenantId, by }) =>
      graphAnswer(await service.resume(tenantId, req.graphId ?? "", by)),
    ),
    CancelGraph: unary("cancel", async (req, { tenantId, by }) =>
      graphAnswer(await service.cancel(tenantId, req.graphId ?? "", by)),
    ),
    RetryNode: unary("retry", async (req, { tenantId, by }) =>
      graphAnswer(await service.retryNode(tenantId, req.graphId ?? "", req.nodeId ?? "", by)),
    ),
    AssignNode: unary("assign", async (req, { tenantId, by }) =>
      graphAnswer(
        await service.assignNode(tenantId, req.graphId ?? "", req.nodeId ?? "", req.worker ?? null, by),
      ),
    ),
    PatchGraph: unary("patch", async (req, { tenantId, by }) => {
      const { body, ifVersion } = patchFromProto(req);
      const options = ifVersion === undefined ? {} : { ifVersion };
      return graphAnswer(await service.patch(tenantId, req.graphId ?? "", body, options, by));
    }),
    GetGraphMetrics: unary("metrics", async (req, { tenantId }) => ({
      metrics: metricsToProto(await service.metrics(tenantId, req.graphId ?? "")),
    })),
    ListWorkers: unary("workers", async () => ({ workers: (await service.workers()).map(workerToProto) })),
    ApproveNode: unary("approve", async (req, { tenantId, by }) => {
      const options = idempotencyOptions(req.idempotencyKey);
      const body = approveBodyFromProto(req);
      return nodeDecisionToProto(
        await service.approve(tenantId, req.graphId ?? "", req.nodeId ?? "", body, options, by),
      );
    }),
    RejectNode: unary("reject", async (req, { tenantId, by }) => {
      const options = idempotencyOptions(req.idempotencyKey);
      const body = rejectBodyFromProto(req);
      return nodeDecisionToProto(
        await service.reject(tenantId, req.graphId ?? "", req.nodeId ?? "", body, options, by),
      );
    }),
    ListApprovals: unary("approvals", async (req, { tenantId }) =>
      waitingPageToProto(
        await service.approvals(tenantId, {
          limit: req.limit || approvalsLimit,
          ...(req.status ? { status: req.status } : {}),
          ...(req.cursor ? { cursor: req.cursor } : {}),
        }),
      ),
    ),
  };
}

/** No filter for UNSPECIFIED; a value this server does not know is passed on for the service to refuse. */
function statusFilter(status: string | undefined): { status?: GraphStatus } {
  if (status === undefined || status === "GRAPH_STATUS_UNSPECIFIED") return {};
  return { status: graphStatusFromProto(status) ?? (String(status) as GraphStatus) };
}

function watchHandler(
  gate: RequestGate,
  watcher: GraphWatchApi,
  logger: Logger,
  watches: ActiveWatches,
): handleServerStreamingCall<WatchGraphRequest__Output, WatchGraphResponse> {
  return (call) => {
    const controller = new AbortController();
    const forget = watches.add(controller);
    // Cancelled covers both a client that went away and a deadline that passed.
    const onCancelled = () => controller.abort();
    call.on("cancelled", onCancelled);
    void (async () => {
      try {
        const { tenantId } = await callerOf(gate, call.metadata, roleOf("watch"));
        ensureDecoded(call.request);
        const events = watcher.watch(tenantId, call.request.graphId ?? "", {
          ...(call.request.after ? { after: call.request.after } : {}),
          signal: controller.signal,
        });
        for await (const event of events) {
          if (!call.write({ event: eventToProto(event) })) await drained(call, controller.signal);
          if (controller.signal.aborted) break;
        }
        if (call.cancelled) return;
        // Not cancelled, yet aborted: the server is stopping and ends the watch with the status it gave.
        if (controller.signal.aborted) call.emit("error", controller.signal.reason as Partial<StatusObject>);
        else call.end();
      } catch (err) {
        if (!call.cancelled) {
          call.emit(
            "error",
            toGrpcStatus(err, (e) => logger.error("gRPC watch failed", { method: call.getPath(), err: e })),
          );
        }
      } finally {
        call.off("cancelled", onCancelled);
        forget();
      }
    })();
  };
}

/** Waits until the client has taken what was written (backpressure) or the watch was aborted. */
async function drained(call: ServerWritableStream<unknown, unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  try {
    await once(call, "drain", { signal });
  } catch {
    // Aborted: the caller checks the signal.
  }
}
