// The graph operations as request handlers, shared by the /api/v1/graphs and the tenant-shaped routes. Each one
// only translates: request -> service call -> JSON. Rules (what is valid, who owns what) live in the service.
import type { Request, RequestHandler } from "express";
import type { Access } from "../../auth/index.js";
import type { GraphStatus } from "../../domain/index.js";
import { DagoError } from "../../errors/index.js";
import type { GraphView } from "../../service/index.js";
import type { RouteDeps } from "./http-deps.js";
import { parseJsonBody, parseSpecBody } from "./parse-body.js";
import { pathParam } from "./path-param.js";
import { queryLimit, queryString } from "./query-params.js";
import type { TenantOf } from "./tenant.js";

const DEFAULT_LIST_LIMIT = 50;
const DEFAULT_EVENTS_LIMIT = 100;

export interface GraphHandlers {
  submit: RequestHandler;
  list: RequestHandler;
  get: RequestHandler;
  events: RequestHandler;
  pause: RequestHandler;
  resume: RequestHandler;
  cancel: RequestHandler;
  metrics: RequestHandler;
  /** Retries the node named in the path (:nodeId). */
  retryNode: RequestHandler;
  /** Retries the node named by the JSON body `{"nodeId": "..."}`. */
  retryNodeFromBody: RequestHandler;
}

/** `locationOf` builds the URL of a created graph for the Location header. */
export function graphHandlers(
  deps: RouteDeps,
  tenantOf: TenantOf,
  locationOf: (req: Request, graphId: string) => string,
): GraphHandlers {
  const { service } = deps;
  const listLimit = deps.defaultListLimit ?? DEFAULT_LIST_LIMIT;
  const eventsLimit = deps.defaultEventsLimit ?? DEFAULT_EVENTS_LIMIT;
  const control =
    (op: (tenantId: string, graphId: string) => Promise<GraphView>, access: Access): RequestHandler =>
    async (req, res) => {
      res.json(await op(await tenantOf(req, access), pathParam(req, "id")));
    };

  return {
    submit: async (req, res) => {
      const tenantId = await tenantOf(req, "write");
      const spec = await parseSpecBody(req, deps.maxBodyBytes);
      const idempotencyKey = req.get("idempotency-key");
      const result = await service.submit(
        tenantId,
        spec,
        idempotencyKey === undefined ? {} : { idempotencyKey },
      );
      const { graph, warnings } = result;
      res.setHeader("Location", locationOf(req, graph.id));
      res.status(result.created ? 201 : 200).json({ id: graph.id, status: graph.status, graph, warnings });
    },
    list: async (req, res) => {
      const tenantId = await tenantOf(req, "read");
      const limit = queryLimit(req, listLimit);
      const status = queryString(req, "status");
      const cursor = queryString(req, "cursor");
      // Passed on unchecked: the service refuses a status it does not know.
      const options = { limit, ...(status === undefined ? {} : { status: status as GraphStatus }) };
      res.json(await service.list(tenantId, cursor === undefined ? options : { ...options, cursor }));
    },
    get: control((tenantId, graphId) => service.get(tenantId, graphId), "read"),
    events: async (req, res) => {
      const tenantId = await tenantOf(req, "read");
      const limit = queryLimit(req, eventsLimit);
      const after = queryString(req, "after");
      res.json(
        await service.events(
          tenantId,
          pathParam(req, "id"),
          after === undefined ? { limit } : { after, limit },
        ),
      );
    },
    pause: control((tenantId, graphId) => service.pause(tenantId, graphId), "write"),
    resume: control((tenantId, graphId) => service.resume(tenantId, graphId), "write"),
    cancel: control((tenantId, graphId) => service.cancel(tenantId, graphId), "write"),
    metrics: async (req, res) => {
      res.json(await service.metrics(await tenantOf(req, "read"), pathParam(req, "id")));
    },
    retryNode: async (req, res) => {
      const tenantId = await tenantOf(req, "write");
      res.json(await service.retryNode(tenantId, pathParam(req, "id"), pathParam(req, "nodeId")));
    },
    retryNodeFromBody: async (req, res) => {
      const tenantId = await tenantOf(req, "write");
      const nodeId = nodeIdOf(await parseJsonBody(req, deps.maxBodyBytes));
      res.json(await service.retryNode(tenantId, pathParam(req, "id"), nodeId));
    },
  };
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
