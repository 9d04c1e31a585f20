// What every API operation demands, in one table that HTTP, gRPC and the WebSocket gateway all read: the role a
// caller's key needs and, for paged reads, the page size a request without `limit` gets and the configured
// maximum (a `ServiceLimits` / `config.limits` field) the service holds every page to. A role changed here
// changes on every transport at once.
import type { Access } from "../auth/index.js";
import type { ServiceLimits } from "./graph-service.js";

export interface PageRule {
  /** Page size when the request names none, unless the configured maximum is smaller. */
  readonly defaultLimit: number;
  /** The limit field (DAGO_EVENTS_PAGE_MAX / DAGO_LIST_PAGE_MAX) no page may exceed. */
  readonly maxLimit: keyof Pick<ServiceLimits, "maxEventsPage" | "maxListPage">;
}

export interface OperationRule {
  readonly role: Access;
  readonly page?: PageRule;
}

export const OPERATIONS = {
  submit: { role: "write" },
  validate: { role: "read" },
  get: { role: "read" },
  list: { role: "read", page: { defaultLimit: 50, maxLimit: "maxListPage" } },
  events: { role: "read", page: { defaultLimit: 100, maxLimit: "maxEventsPage" } },
  watch: { role: "read" },
  pause: { role: "write" },
  resume: { role: "write" },
  cancel: { role: "write" },
  retry: { role: "write" },
  assign: { role: "write" },
  patch: { role: "write" },
  approve: { role: "write" },
  reject: { role: "write" },
  approvals: { role: "read", page: { defaultLimit: 50, maxLimit: "maxListPage" } },
  metrics: { role: "read" },
  workers: { role: "read" },
  /** WebSocket `subscribe` to named graphs. */
  subscribeGraphs: { role: "read" },
  /** WebSocket `subscribe` to every graph of a tenant. */
  subscribeTenant: { role: "read" },
  /** GET /metrics: labelled with every tenant's name, so an operator's view. */
  serverMetrics: { role: "admin" },
} as const satisfies Record<string, OperationRule>;

export type OperationName = keyof typeof OPERATIONS;

/** The operations that answer in pages. */
export type PagedOperation = {
  [K in OperationName]: (typeof OPERATIONS)[K] extends { page: PageRule } ? K : never;
}[OperationName];

export function roleOf(operation: OperationName): Access {
  return OPERATIONS[operation].role;
}

/** The page size of a request without `limit`: the table's default, within the configured maximum. */
export function defaultPageSize(
  operation: PagedOperation,
  limits: Pick<ServiceLimits, "maxEventsPage" | "maxListPage">,
): number {
  const { page } = OPERATIONS[operation];
  return Math.min(page.defaultLimit, limits[page.maxLimit]);
}
