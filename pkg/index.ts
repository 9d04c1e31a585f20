// The package's public surface: the HTTP client, the live client over the WebSocket, the types they speak, and
// local validation of graph specs.

export type {
  NodeDecisionView,
  WaitingDecision,
  WaitingDecisionPage,
} from "../internal/contract/decisions.js";
export type { ErrorCode } from "../internal/contract/error-catalog.js";
export type {
  EventPage,
  GraphMetrics,
  GraphPage,
  GraphSummary,
  GraphView,
} from "../internal/contract/graph-views.js";
export type { OutputDelta } from "../internal/contract/output-delta.js";
export type { ReadinessReport, WorkerInfo } from "../internal/contract/server-info.js";
export type { ValidateResponse } from "../internal/contract/submission.js";
export type { SubscriptionType, WsErrorCode } from "../internal/contract/ws-protocol.js";
export type { EventType, GraphEvent, NodeError } from "../internal/domain/events.js";
export { EVENT_TYPES } from "../internal/domain/events.js";
export type { BudgetAccount, GraphBudget } from "../internal/domain/graph-budget.js";
export type { AddedDependencies, GraphPatchSpec } from "../internal/domain/graph-patch.js";
export type {
  GraphDefaults,
  GraphSpec,
  NodeSpec,
  ResolvedGraph,
  ResolvedNode,
  RetryPolicy,
} from "../internal/domain/graph-spec.js";
export type { ParseSpecResult, SpecFormat } from "../internal/domain/parse-spec.js";
export { detectFormat, parseSpecText } from "../internal/domain/parse-spec.js";
export type { GraphState, GraphStatus, NodeState, NodeStatus, SkipReason } from "../internal/domain/state.js";
export {
  GRAPH_STATUSES,
  NODE_STATUSES,
  TERMINAL_GRAPH_STATUSES,
  TERMINAL_NODE_STATUSES,
} from "../internal/domain/state.js";
export { validateGraph } from "../internal/domain/validate.js";
export type {
  ValidationCode,
  ValidationIssue,
  ValidationLimits,
  ValidationResult,
} from "../internal/domain/validation.js";
export { DEFAULT_VALIDATION_LIMITS, VALIDATION_CODES } from "../internal/domain/validation.js";
export type { BackoffPolicy } from "./client/backoff.js";
export {
  DagoApiError,
  DagoClientError,
  DagoConnectionError,
  DagoSubscriptionError,
  DagoTimeoutError,
} from "./client/errors.js";
export { DagoClient, hasEnded, type LiveOptions } from "./client/http-client.js";
export { DagoLiveClient } from "./client/live-client.js";
export type {
  DagoLiveClientOptions,
  DeltaItem,
  GraphWatchItem,
  LiveItem,
  LiveWatch,
  TenantWatchItem,
  WatchGraphOptions,
  WatchTenantOptions,
} from "./client/live-types.js";
export type {
  ApprovalsQuery,
  ApproveOptions,
  CallOptions,
  DagoClientOptions,
  ErrorDetail,
  EventsQuery,
  FetchLike,
  FollowOptions,
  HealthResponse,
  ListQuery,
  PatchRequestOptions,
  RejectOptions,
  SubmitRequestOptions,
  SubmitResponse,
  WaitOptions,
} from "./client/types.js";
export type { WebSocketFactory, WebSocketLike } from "./client/web-socket.js";

// Worker SDK: what a custom worker process needs.
