// Reads query parameters strictly: a repeated parameter (?limit=1&limit=2) is ambiguous and refused, and limits
// are plain positive integers. Ranges and allowed values are the service's business.
import type { Request } from "express";
import { DagoError } from "../../errors/index.js";

const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

export function queryString(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new DagoError("invalid_request", `query parameter ${name} must be given once, as a plain value`);
  }
  return value;
}

/** A comma list (`?types=A,B`), its items trimmed; undefined when the parameter is absent. */
export function queryList(req: Request, name: string): string[] | undefined {
  const value = queryString(req, name);
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function queryLimit(req: Request, fallback: number): number {
  const value = queryString(req, "limit");
  if (value === undefined) return fallback;
  if (!POSITIVE_INTEGER.test(value)) {
    throw new DagoError(
      "invalid_request",
      `limit must be a positive integer, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return Number(value);
}
