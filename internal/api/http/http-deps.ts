import { openGate, type RequestGate } from "../../auth/index.js";
import type { Logger } from "../../observability/index.js";
import type { GraphServiceApi } from "../../service/index.js";

/** A source of Prometheus-style metrics text, served as is on GET /metrics. */
export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

export interface HttpAppDeps {
  service: GraphServiceApi;
  /** Authentication, tenant access and rate limits; without one, the API is open and unlimited. */
  gate?: RequestGate;
  logger: Logger;
  /** Largest request body accepted, in bytes; larger ones get 413 body_too_large. */
  maxBodyBytes: number;
  /** Page size of GET .../graphs when the client gives no `limit` (OPERATIONS.list by default). */
  defaultListLimit?: number;
  /** Page size of GET .../events when the client gives no `limit` (OPERATIONS.events by default). */
  defaultEventsLimit?: number;
  metrics?: MetricsSource;
  /** Called once per finished request with the matched route pattern ("unmatched" when none matched). */
  onRequest?(route: string, method: string, status: number, durationMs: number): void;
}

/** The dependencies the routes use, with the gate filled in. */
export type RouteDeps = HttpAppDeps & { gate: RequestGate };

export function routeDeps(deps: HttpAppDeps): RouteDeps {
  return { ...deps, gate: deps.gate ?? openGate() };
}
