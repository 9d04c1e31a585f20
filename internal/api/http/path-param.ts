import type { Request } from "express";
import { DagoError } from "../../errors/index.js";

/** A named path parameter; the route pattern guarantees it, the check keeps the types honest. */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string") throw new DagoError("invalid_request", `path parameter ${name} is missing`);
  return value;
}
