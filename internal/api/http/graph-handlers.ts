// The graph operations as request handlers, shared by the /api/v1/graphs and the tenant-shaped routes. Each one
// only translates: request -> service call -> JSON. Rules (what is valid, who owns what) live in the service.
import type { Request, RequestHandler } from "express";
import { actorOf } from "../../auth/index.js";
import type { GraphView } from "../../contract/graph-views.js";
import type { GraphStatus } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";
import { OPERATIONS, type OperationName } from "../../service/index.js";
import type { RouteDeps } from "./http-deps.js";
import { parseJsonBody, parseSpecBody } from "./parse-body.js";
import { pathParam } from "./path-param.js";
import { queryLimit, queryList, queryString } from "./query-params.js";
import { callerOf } from "./request-caller.js";
import type { TenantOf } from "./tenant.js";

export interface GraphHandlers {
  submit: RequestHandler;
  list: RequestHandler;
  get: RequestHandler;
  events: RequestHandler;
  pause: RequestHandler;
  resume: RequestHandler;
  cancel: RequestHandler;
  metrics: RequestHandler;
  /** Applies the patch in the body, at the version an If-Match header names (or the body's ifVersion). */
  patch: RequestHandler;
  /** Retries the node named in the path (:nodeId). */
  retryNode: RequestHandler;
  /** Retries the node named by the JSON body `{"nodeId": "..."}`. */
  retryNodeFromBody: RequestHandler;
  /** Pins the node named in the path (:nodeId) to the body's `{"worker": "..."}`, or unpins it (`null`). */
  assignNode: RequestHandler;
}

/** `locationOf` builds the URL of a created graph for the Location header. */
export function graphHandlers(
  deps: RouteDeps,
  tenantOf: TenantOf,
  locationOf: (req: Request, graphId: string) => string,
): GraphHandlers {
  const { service } = deps;
  const listLimit = deps.defaultListLimit ?? OPERATIONS.list.page.defaultLimit;
  const eventsLimit = deps.defaultEventsLimit ?? OPERATIONS.events.page.defaultLimit;
  const control =
    (
      operation: OperationName,
      run: (tenantId: string, graphId: string, by: string) => Promise<GraphView>,
    ): RequestHandler =>
    async (req, res) => {
      res.json(await run(await tenantOf(req, operation), pathParam(req, "id"), byOf(req)));
    };

  return {
    submit: async (req, res) => {
      const tenantId = await tenantOf(req, "submit");
      const spec = await parseSpecBody(req, deps.maxBodyBytes);
      const idempotencyKey = req.get("idempotency-key");
      const result = await service.submit(
        tenantId,
        spec,
        idempotencyKey === undefined ? {} : { idempotencyKey },
        byOf(req),
      );
      const { graph, warnings } = result;
      res.setHeader("Location", locationOf(req, graph.id));
      res.status(result.created ? 201 : 200).json({ id: graph.id, status: graph.status, graph, warnings });
    },
    list: async (req, res) => {
      const tenantId = await tenantOf(req, "list");
      const limit = queryLimit(req, listLimit);
      const status = queryString(req, "status");
      const cursor = queryString(req, "cursor");
      // Passed on unchecked: the service refuses a status it does not know.
      const options = { limit, ...(status === undefined ? {} : { status: status as GraphStatus }) };
      res.json(await service.list(tenantId, cursor === undefined ? options : { ...options, cursor }));
    },
    get: control("get", (tenantId, graphId) => service.get(tenantId, graphId)),
    events: async (req, res) => {
      const tenantId = await tenantOf(req, "events");
      const limit = queryLimit(req, eventsLimit);
      const after = queryString(req, "after");
      const types = queryList(req, "types");
      const options = {
        limit,
        ...(after === undefined ? {} : { after }),
        ...(types === undefined ? {} : { types }),
      };
      res.json(await service.events(tenantId, pathParam(req, "id"), options));
    },
    pause: control("pause", (tenantId, graphId, by) => service.pause(tenantId, graphId, by)),
    resume: control("resume", (tenantId, graphId, by) => service.resume(tenantId, graphId, by)),
    cancel: control("cancel", (tenantId, graphId, by) => service.cancel(tenantId, graphId, by)),
    metrics: async (req, res) => {
      res.json(await service.metrics(await tenantOf(req, "metrics"), pathParam(req, "id")));
    },
    patch: async (req, res) => {
      const tenantId = await tenantOf(req, "patch");
      const ifMatch = versionOfIfMatch(req.get("if-match"));
      const body = await parseSpecBody(req, deps.maxBodyBytes);
      const graph = await service.patch(
        tenantId,
        pathParam(req, "id"),
        body,
        ifMatch === undefined ? {} : { ifVersion: ifMatch },
        byOf(req),
      );
      res.setHeader("ETag", `"${graph.version}"`);
      res.json(graph);
    },
    retryNode: async (req, res) => {
      const tenantId = await tenantOf(req, "retry");
      const graphId = pathParam(req, "id");
      res.json(await service.retryNode(tenantId, graphId, pathParam(req, "nodeId"), byOf(req)));
    },
    retryNodeFromBody: async (req, res) => {
      const tenantId = await tenantOf(req, "retry");
      const nodeId = nodeIdOf(await parseJsonBody(req, deps.maxBodyBytes));
      res.json(await service.retryNode(tenantId, pathParam(req, "id"), nodeId, byOf(req)));
    },
    assignNode: async (req, res) => {
      const tenantId = await tenantOf(req, "assign");
      const worker = workerOf(await parseJsonBody(req, deps.maxBodyBytes));
      const by = actorOf(callerOf(req));
      res.json(
        await service.assignNode(tenantId, pathParam(req, "id"), pathParam(req, "nodeId"), worker, by),
      );
    },
  };
}

/** Who sent the request, as the events it causes record it: never the key itself. */
function byOf(req: Request): string {
  return actorOf(callerOf(req));
}

/** `{"worker": "gpu-1"}` or `{"worker": null}`; the service checks the name. */
function workerOf(body: unknown): string | null {
  const worker =
    typeof body === "object" && body !== null && !Array.isArray(body) && Object.hasOwn(body, "worker")
      ? (body as { worker: unknown }).worker
      : undefined;
  if (worker !== null && typeof worker !== "string") {
    throw new DagoError(
      "invalid_request",
      'the body must be a JSON object with "worker": a worker\'s id or name, or null to unpin',
      [{ code: "missing_field", message: "worker is required (a string or null)", path: "/worker" }],
    );
  }
  return worker;
}

function nodeIdOf(body: unknown): string {
  const nodeId =
    typeof body === "object" && body !== null && !Array.isArray(body) && Object.hasOwn(body, "nodeId")
      ? (body as { nodeId: unknown }).nodeId
      : undefined;
  if (typeof nodeId !== "string" || nodeId === "") {
    throw new DagoError("invalid_request", 'the body must be a JSON object with a string "nodeId"', [
      { code: "missing_field", message: "nodeId is required", path: "/nodeId" },
    ]);
  }
  return nodeId;
}

/** `If-Match: 12` or the ETag form `"12"`; anything else is the client's error. */
function versionOfIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new DagoError("invalid_request", 'If-Match must hold one graph version, such as 12 or "12"', [
      { code: "bad_header", message: "If-Match is not a version", path: "If-Match" },
    ]);
  }
  return Number(match[1]);
}
