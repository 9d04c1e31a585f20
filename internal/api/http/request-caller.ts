// Authenticates API requests once, before routing, and remembers who is calling for the handlers. Probes
// (/health, /ready), the API description and the dashboard's static files stay open: they hold no tenant data.
import type { Request, RequestHandler } from "express";
import { ANONYMOUS, type Caller, type RequestGate } from "../../auth/index.js";
import { isDagoError } from "../../errors/index.js";
import { sendError } from "./send-error.js";

const callers = new WeakMap<Request, Caller>();

const PROTECTED = /^\/(api|metrics)(\/|$)/;

export function authenticateRequests(gate: RequestGate): RequestHandler {
  return (req, res, next) => {
    if (!gate.authRequired || !PROTECTED.test(req.path)) {
      next();
      return;
    }
    try {
      callers.set(req, gate.authenticate(req.get("authorization")));
      next();
    } catch (err) {
      if (!isDagoError(err)) throw err;
      res.setHeader("WWW-Authenticate", 'Bearer realm="dago"');
      sendError(res, err);
    }
  };
}

/** Who sent the request: its key's grant, or anonymous when authentication is off. */
export function callerOf(req: Request): Caller {
  return callers.get(req) ?? ANONYMOUS;
}
