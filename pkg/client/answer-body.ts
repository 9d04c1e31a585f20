// Reading what the server answered: JSON text, and an error answer as a DagoApiError (its `{"error": {...}}` body
// when it has one, else the status and the start of whatever answered: a proxy, a load balancer). Shared by HTTP
// calls and refused WebSocket upgrades.
import { DagoApiError } from "./errors.js";
import type { ErrorDetail } from "./types.js";

const MAX_SNIPPET = 200;

/** Undefined for an empty or non-JSON text. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDetail(value: unknown): value is ErrorDetail {
  return isRecord(value) && typeof value.code === "string" && typeof value.message === "string";
}

export function toApiError(status: number, body: unknown, text: string, request: string): DagoApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === "string" && typeof error.message === "string") {
    const details = Array.isArray(error.details) ? error.details.filter(isDetail) : [];
    return new DagoApiError(status, error.code, error.message, details);
  }
  // Not a dago error body: a proxy, a load balancer or some other server answered.
  const snippet = text.trim().replace(/\s+/g, " ").slice(0, MAX_SNIPPET);
  return new DagoApiError(
    status,
    `http_${status}`,
    `${request} answered HTTP ${status}${snippet === "" ? "" : `: ${snippet}`}`,
  );
}
