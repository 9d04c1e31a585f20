// Mounts the routes, then one catch-all per path so a known path called with the wrong method answers 405 with an
// Allow header rather than a misleading 404.
import type { Express, RequestHandler } from "express";
import { DagoError } from "../../errors/index.js";
import type { RouteDef } from "./route-def.js";
import { sendError } from "./send-error.js";

export function mountRoutes(app: Express, routes: readonly RouteDef[]): void {
  const allowed = new Map<string, Set<string>>();
  for (const route of routes) {
    app[route.method](route.path, route.handler);
    const methods = allowed.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    // Express answers HEAD with the GET handler.
    if (route.method === "get") methods.add("HEAD");
    allowed.set(route.path, methods);
  }
  for (const [path, methods] of allowed) app.all(path, methodNotAllowed([...methods].sort()));
}

/** The 405 handlers, so tools walking the router can tell them from real operations. */
const fallbacks = new WeakSet<RequestHandler>();

export function isMethodNotAllowedHandler(handler: unknown): boolean {
  return typeof handler === "function" && fallbacks.has(handler as RequestHandler);
}

function methodNotAllowed(methods: string[]): RequestHandler {
  const allow = methods.join(", ");
  const handler: RequestHandler = (req, res) => {
    res.setHeader("Allow", allow);
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    sendError(res, new DagoError("method_not_allowed", `${req.method} is not allowed here; use ${allow}`));
  };
  fallbacks.add(handler);
  return handler;
}
