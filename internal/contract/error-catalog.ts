// One catalog for every error a client can see: a stable code, its HTTP status and its gRPC status, and the body
// that carries it. docs/ERRORS.md lists them all; a test fails when a code is missing there.

export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcStatus = (typeof GRPC_STATUS)[keyof typeof GRPC_STATUS];

interface CatalogEntry {
  http: number;
  grpc: GrpcStatus;
  description: string;
}

export const ERROR_CATALOG = {
  validation_failed: {
    http: 400,
    grpc: GRPC_STATUS.INVALID_ARGUMENT,
    description: "The graph is invalid; `details` lists every problem with its code and node.",
  },
  invalid_request: {
    http: 400,
    grpc: GRPC_STATUS.INVALID_ARGUMENT,
    description: "A parameter, query value or header is malformed.",
  },
  invalid_json: { http: 400, grpc: GRPC_STATUS.INVALID_ARGUMENT, description: "The body is not valid JSON." },
  invalid_yaml: { http: 400, grpc: GRPC_STATUS.INVALID_ARGUMENT, description: "The body is not valid YAML." },
  unsupported_media_type: {
    http: 415,
    grpc: GRPC_STATUS.INVALID_ARGUMENT,
    description: "The body's Content-Type is not application/json (or YAML where accepted).",
  },
  body_too_large: {
    http: 413,
    grpc: GRPC_STATUS.RESOURCE_EXHAUSTED,
    description: "The body exceeds DAGO_MAX_BODY_BYTES.",
  },
  unauthenticated: {
    http: 401,
    grpc: GRPC_STATUS.UNAUTHENTICATED,
    description:
      "API keys are configured and the request has none, or an unknown one (`Authorization: Bearer <key>`).",
  },
  permission_denied: {
    http: 403,
    grpc: GRPC_STATUS.PERMISSION_DENIED,
    description:
      "The API key may not do this: a read-only key asked for a change, or a non-admin key for /metrics.",
  },
  rate_limited: {
    http: 429,
    grpc: GRPC_STATUS.RESOURCE_EXHAUSTED,
    description:
      "The tenant sent more requests than DAGO_TENANT_RATE_LIMIT allows; retry after `Retry-After` seconds.",
  },
  too_many_active_graphs: {
    http: 429,
    grpc: GRPC_STATUS.RESOURCE_EXHAUSTED,
    description:
      "The tenant already has DAGO_TENANT_MAX_ACTIVE_GRAPHS graphs that have not ended; retry after `Retry-After` seconds.",
  },
  not_found: { http: 404, grpc: GRPC_STATUS.NOT_FOUND, description: "No such graph, node or route." },
  invalid_transition: {
    http: 409,
    grpc: GRPC_STATUS.FAILED_PRECONDITION,
    description: "The graph or node is not in a state that allows this operation; `details` holds the state.",
  },
  version_conflict: {
    http: 409,
    grpc: GRPC_STATUS.ABORTED,
    description:
      "The graph is no longer at the version the request named (`ifVersion` or `If-Match`); `details` holds the " +
      "current version. Read the graph again and decide anew.",
  },
  idempotency_conflict: {
    http: 409,
    grpc: GRPC_STATUS.ALREADY_EXISTS,
    description: "The Idempotency-Key was already used with a different body.",
  },
  method_not_allowed: {
    http: 405,
    grpc: GRPC_STATUS.UNIMPLEMENTED,
    description: "The route exists but not with this HTTP method.",
  },
  redis_unavailable: {
    http: 503,
    grpc: GRPC_STATUS.UNAVAILABLE,
    description:
      "Redis is unreachable or did not answer in time. Refused at once: not applied. After a timeout: it may " +
      "still be applied, so retry writes with the same Idempotency-Key.",
  },
  internal: {
    http: 500,
    grpc: GRPC_STATUS.INTERNAL,
    description: "An unexpected error; the server log has the details.",
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface ErrorDetail {
  code: string;
  message: string;
  nodeId?: string;
  path?: string;
  [key: string]: unknown;
}

/** The body of every error answer: `{"error": {code, message, details}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}
